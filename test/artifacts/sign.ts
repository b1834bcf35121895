import { webcrypto, type webcrypto as WebCrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

pkijs.setEngine(
  'node',
  new pkijs.CryptoEngine({
    name: 'node',
    crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'],
  }),
);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** SpcIndirectDataContent: what Authenticode signs. */
const SPC_INDIRECT_DATA = '1.3.6.1.4.1.311.2.1.4';

export interface Identity {
  cert: pkijs.Certificate;
  keys: WebCrypto.CryptoKeyPair;
}

const NAME_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  L: '2.5.4.7',
};

/** "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU" → a certificate issued by `issuer` (or self-signed). */
export async function createIdentity(
  subject: string,
  issuer?: Identity,
  serial = 1,
  /** How names are encoded: UTF8String (today's CAs) or BMPString (older Windows CAs). */
  strings: 'utf8' | 'bmp' = 'utf8',
): Promise<Identity> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as WebCrypto.CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial });
  setName(cert.subject, subject, strings);
  if (issuer) cert.issuer = issuer.cert.subject;
  else setName(cert.issuer, subject, strings);
  cert.notBefore.value = new Date('2024-01-01T00:00:00Z');
  cert.notAfter.value = new Date('2027-01-01T00:00:00Z');
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign((issuer ?? { keys }).keys.privateKey, 'SHA-256');
  return { cert, keys };
}

/** A PKCS#7 ContentInfo(SignedData) over `content`, signed by `signer`, carrying `chain` certificates. */
export async function signData(content: Buffer, signer: Identity, chain: Identity[] = []): Promise<Buffer> {
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: SPC_INDIRECT_DATA,
      eContent: new asn1js.OctetString({ valueHex: new Uint8Array(content).buffer }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signer.cert.issuer,
          serialNumber: signer.cert.serialNumber,
        }),
      }),
    ],
    certificates: [signer.cert, ...chain.map((c) => c.cert)],
  });
  await signed.sign(signer.keys.privateKey, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

function setName(name: pkijs.RelativeDistinguishedNames, text: string, strings: 'utf8' | 'bmp'): void {
  for (const part of text.split(/,\s*/)) {
    const [label, ...rest] = part.split('=');
    const type = NAME_OIDS[label!.trim()];
    if (!type) throw new Error(`unknown name part ${label}`);
    const value = rest.join('=');
    name.typesAndValues.push(
      new pkijs.AttributeTypeAndValue({
        type,
        value:
          label === 'C'
            ? new asn1js.PrintableString({ value })
            : strings === 'bmp'
              ? new asn1js.BmpString({ value })
              : new asn1js.Utf8String({ value }),
      }),
    );
  }
}
