import { buildPe } from './build-pe.js';
import { createIdentity, signData } from './sign.js';

/**
 * The two PEs that tree scans plant: a clean one signed by Contoso, and an engine DLL sold under
 * another brand but signed by AO Kaspersky Lab (what only the signature gives away). Shared by the
 * worker test and bench/artifacts.mjs.
 */
export async function seedPes(): Promise<{ clean: Buffer; engine: Buffer }> {
  const kaspersky = await createIdentity('CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU');
  const contoso = await createIdentity('CN=Contoso Ltd, O=Contoso Ltd, C=US');
  return {
    clean: buildPe({
      strings: { CompanyName: 'Contoso Ltd', ProductName: 'Contoso Backup' },
      signature: await signData(Buffer.from('c'), contoso),
    }),
    engine: buildPe({
      dll: true,
      strings: { CompanyName: 'Northwind Security', ProductName: 'Northwind Engine' },
      signature: await signData(Buffer.from('k'), kaspersky),
    }),
  };
}
