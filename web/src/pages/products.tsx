import { SourceLinks } from '../components/source-links.js';
import { useState } from 'react';
import { api, type Product, type Stats } from '../api.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { Pager, SortHeader } from '../components/pager.js';
import { useApi, useTitle } from '../hooks.js';
import { pageOf, searchRows, sortRows, type SortDirection } from '../lib/table.js';
import { Link } from '../router.js';

type Column = 'name' | 'vendor' | 'category' | 'open' | 'hosts';

export function ProductsPage() {
  useTitle('Products');
  const data = useApi(async (signal) => {
    const [products, stats] = await Promise.all([
      api<{ data: string; items: Product[] }>('/products', { signal }),
      api<Stats>('/stats', { signal }),
    ]);
    return { products: products.items, data: products.data, stats: stats.products };
  }, 'products');
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [onlyFound, setOnlyFound] = useState(false);
  const [sort, setSort] = useState<{ column: Column; order: SortDirection }>({
    column: 'open',
    order: 'desc',
  });
  const [page, setPage] = useState(1);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading what="the catalog" />;
  const { products, stats } = data.data;
  const categories = [...new Set(products.map((p) => p.category))].sort();
  const filtered = searchRows(
    products.filter(
      (p) => (!category || p.category === category) && (!onlyFound || (stats[p.id]?.open ?? 0) > 0),
    ),
    (p) => `${p.name} ${p.vendor} ${p.id} ${p.integration?.carrier ?? ''}`,
    query,
  );
  const key = (p: Product) =>
    sort.column === 'open' || sort.column === 'hosts' ? (stats[p.id]?.[sort.column] ?? 0) : p[sort.column];
  const shown = pageOf(sortRows(filtered, key, sort.order), page, 25);
  const onSort = (column: Column) =>
    setSort((s) => ({
      column,
      order:
        s.column === column
          ? s.order === 'asc'
            ? 'desc'
            : 'asc'
          : column === 'open' || column === 'hosts'
            ? 'desc'
            : 'asc',
    }));
  return (
    <>
      <h1>Products</h1>
      <p className="muted">
        The catalog of data pack {data.data.data}: every product the scanner recognises, with the fleet's open
        findings.
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setPage(1);
            }}
          />
        </label>
        <label>
          Category{' '}
          <select
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              setPage(1);
            }}
          >
            <option value="">any</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={onlyFound} onChange={(e) => setOnlyFound(e.target.checked)} /> only
          products found in the fleet
        </label>
        <span className="exports">
          Export <a href="/api/v1/exports/products?format=csv">CSV</a> ·{' '}
          <a href="/api/v1/exports/products?format=json">JSON</a>
        </span>
      </form>
      <table className="data">
        <thead>
          <tr>
            <SortHeader label="Product" column="name" sort={sort.column} order={sort.order} onSort={onSort} />
            <SortHeader
              label="Vendor"
              column="vendor"
              sort={sort.column}
              order={sort.order}
              onSort={onSort}
            />
            <SortHeader
              label="Category"
              column="category"
              sort={sort.column}
              order={sort.order}
              onSort={onSort}
            />
            <SortHeader
              label="Open findings"
              column="open"
              sort={sort.column}
              order={sort.order}
              onSort={onSort}
            />
            <SortHeader label="Hosts" column="hosts" sort={sort.column} order={sort.order} onSort={onSort} />
            <th>Sources</th>
          </tr>
        </thead>
        <tbody>
          {shown.items.map((p) => (
            <tr key={p.id}>
              <td>
                <strong>{p.name}</strong>
                {p.integration && <div className="muted">inside {p.integration.carrier}</div>}
                {p.legacy && <span className="badge">legacy</span>}
              </td>
              <td>{p.vendor}</td>
              <td>{p.category}</td>
              <td className="num">
                {stats[p.id] ? <Link to={`/findings?product=${p.id}`}>{stats[p.id]!.open}</Link> : 0}
              </td>
              <td className="num">{stats[p.id]?.hosts ?? 0}</td>
              <td>
                <SourceLinks sources={p.sources} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        label="Products"
        page={shown.page}
        size={25}
        total={filtered.length}
        hasNext={shown.page < shown.pages}
        onPrev={() => setPage(shown.page - 1)}
        onNext={() => setPage(shown.page + 1)}
      />
    </>
  );
}
