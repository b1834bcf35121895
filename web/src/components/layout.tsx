import { useEffect, useState, type ReactNode } from 'react';
import { hasRole, type Role } from '../lib/messages.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';

const NAV: { to: string; label: string; role: Role }[] = [
  { to: '/', label: 'Overview', role: 'viewer' },
  { to: '/findings', label: 'Findings', role: 'viewer' },
  { to: '/hosts', label: 'Hosts', role: 'viewer' },
  { to: '/products', label: 'Products', role: 'viewer' },
  { to: '/determinations', label: 'Rulings', role: 'viewer' },
  { to: '/waivers', label: 'Waivers', role: 'viewer' },
  { to: '/false-positives', label: 'False positives?', role: 'analyst' },
  { to: '/reports', label: 'Reports', role: 'viewer' },
  { to: '/settings/users', label: 'Users', role: 'admin' },
  { to: '/settings/tokens', label: 'API tokens', role: 'admin' },
];

type Theme = 'light' | 'dark';

function initialTheme(): Theme {
  const saved = localStorage.getItem('interdict-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('interdict-theme', theme);
  }, [theme]);
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={theme === 'dark'}
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
    >
      {theme === 'dark' ? 'Light mode' : 'Dark mode'}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, logout } = useSession();
  const { path } = useLocation();
  const current = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          interdict
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => hasRole(me.role, n.role)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={current(n.to) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="whoami">
            {me.name} <span className="muted">({me.role})</span>
          </span>
          <ThemeToggle />
          <button type="button" className="secondary" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
