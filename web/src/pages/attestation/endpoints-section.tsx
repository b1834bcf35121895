import type { Attestation } from './types.js';

/** Section 4: affected endpoints per product, the distinct total, and the counting method. */
export function EndpointsSection({ endpoints }: { endpoints: Attestation['endpoints'] }) {
  return (
    <section>
      <h2>4. Endpoints affected (BOD 17-01-style count)</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>Product</th>
            <th>Vendor</th>
            <th className="num">Endpoints</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.byProduct.map((p) => (
            <tr key={p.id}>
              <td>{p.product}</td>
              <td>{p.vendor}</td>
              <td className="num">{p.endpoints}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" colSpan={2}>
              Distinct endpoints affected
            </th>
            <td className="num">{endpoints.affected}</td>
          </tr>
        </tbody>
      </table>
      <h3>How endpoints were counted</h3>
      <ol>
        {endpoints.method.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ol>
    </section>
  );
}
