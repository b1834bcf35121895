import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler, type Me } from './api.js';
import { Layout } from './components/layout.js';
import { Loading } from './components/notice.js';
import { hasRole } from './lib/messages.js';
import { AttestationPage } from './pages/attestation.js';
import { DeterminationsPage } from './pages/determinations.js';
import { FalsePositivesPage } from './pages/false-positives.js';
import { FarReportPage } from './pages/far-report.js';
import { FindingPage } from './pages/finding.js';
import { FindingsPage } from './pages/findings.js';
import { HostPage } from './pages/host.js';
import { HostsPage } from './pages/hosts.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { ProductsPage } from './pages/products.js';
import { ReportsPage } from './pages/reports.js';
import { SetupPage } from './pages/setup.js';
import { TokensPage } from './pages/tokens.js';
import { UsersPage } from './pages/users.js';
import { WaiversPage } from './pages/waivers.js';
import { matchPath, navigate, useLocation } from './router.js';
import { SessionContext, type Session } from './session.js';

function Routes({ me }: { me: Me }) {
  const { path, search } = useLocation();
  let m: Record<string, string> | undefined;
  if (path === '/') return <OverviewPage />;
  if (path === '/findings') return <FindingsPage search={search} />;
  if ((m = matchPath('/findings/:id/far-report', path)))
    return hasRole(me.role, 'analyst') ? <FarReportPage id={m.id!} /> : <Forbidden role="analyst" />;
  if ((m = matchPath('/findings/:id', path))) return <FindingPage id={m.id!} />;
  if (path === '/hosts') return <HostsPage search={search} />;
  if ((m = matchPath('/hosts/:name', path))) return <HostPage name={m.name!} />;
  if (path === '/products') return <ProductsPage />;
  if (path === '/determinations') return <DeterminationsPage />;
  if (path === '/waivers') return <WaiversPage search={search} />;
  if (path === '/false-positives')
    return hasRole(me.role, 'analyst') ? <FalsePositivesPage /> : <Forbidden role="analyst" />;
  if (path === '/reports') return <ReportsPage />;
  if (path === '/reports/attestation') return <AttestationPage search={search} />;
  if (path === '/settings/tokens')
    return hasRole(me.role, 'admin') ? <TokensPage /> : <Forbidden role="admin" />;
  if (path === '/settings/users')
    return hasRole(me.role, 'admin') ? <UsersPage /> : <Forbidden role="admin" />;
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no page at {path}.</p>
    </section>
  );
}

function Forbidden({ role }: { role: string }) {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>This page needs the {role} role.</p>
    </section>
  );
}

export function App() {
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const who = await api<Me>('/me');
      setCsrfToken(who.csrfToken);
      setMe(who);
    } catch {
      setMe(null);
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);

  const session = useMemo<Session | undefined>(
    () =>
      me
        ? {
            me,
            logout: async () => {
              await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
              setCsrfToken(undefined);
              setMe(null);
              navigate('/login');
            },
          }
        : undefined,
    [me],
  );

  if (path === '/setup') return <SetupPage />;
  if (me === undefined) return <Loading what="your session" />;
  if (me === null || path === '/login') {
    return (
      <LoginPage
        onLogin={(who) => {
          setCsrfToken(who.csrfToken);
          setMe(who);
          const next = new URLSearchParams(location.search).get('next');
          navigate(
            next && next.startsWith('/') && !next.startsWith('//')
              ? next
              : path === '/login'
                ? '/'
                : path + location.search,
            { replace: true },
          );
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <Routes me={me} />
      </Layout>
    </SessionContext.Provider>
  );
}
