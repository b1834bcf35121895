import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
const SHORT_NAMES = {
    '2.5.4.3': 'CN',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '0.9.2342.19200300.100.1.1': 'UID',
};
const SIGNED_DATA = '1.2.840.113549.1.7.2';
/** Authenticode nested signature (a dual SHA-1/SHA-256 signed file carries the second here). */
const NESTED_SIGNATURE = '1.3.6.1.4.1.311.2.4.1';
const MAX_NESTING = 4;
const MAX_CHAIN = 8;
/**
 * The signers of a CMS/PKCS#7 SignedData blob (Authenticode, Mach-O code signature): who signed
 * and the issuer chain from the embedded certificates. Names are read, not verified: a signature
 * can claim any name, so a signer is evidence to check, not proof.
 * @throws Error when the blob is not DER SignedData.
 * @example readCmsSigners(der)[0].subject.organization // 'AO Kaspersky Lab'
 */
export function readCmsSigners(der, depth = 0) {
    const parsed = asn1js.fromBER(toArrayBuffer(der));
    if (parsed.offset === -1)
        throw new Error(`not DER: ${parsed.result.error}`);
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    if (info.contentType !== SIGNED_DATA)
        throw new Error(`content type ${info.contentType} is not SignedData`);
    const signed = new pkijs.SignedData({ schema: info.content });
    const certificates = (signed.certificates ?? []).filter((c) => c instanceof pkijs.Certificate);
    const out = [];
    for (const signerInfo of signed.signerInfos) {
        const cert = findSignerCertificate(certificates, signerInfo.sid);
        if (cert)
            out.push({
                subject: toName(cert.subject),
                issuer: toName(cert.issuer),
                chain: buildChain(certificates, cert),
            });
        if (depth >= MAX_NESTING)
            continue;
        for (const attribute of signerInfo.unsignedAttrs?.attributes ?? []) {
            if (attribute.type !== NESTED_SIGNATURE)
                continue;
            for (const value of attribute.values) {
                try {
                    out.push(...readCmsSigners(new Uint8Array(value.toBER(false)), depth + 1));
                }
                catch {
                    // A broken nested signature leaves the outer signer standing.
                }
            }
        }
    }
    return out;
}
/**
 * Subject and issuer of one DER certificate (xar packages embed the signing chain directly).
 * @throws Error when the bytes are not an X.509 certificate.
 */
export function readCertificate(der) {
    const parsed = asn1js.fromBER(toArrayBuffer(der));
    if (parsed.offset === -1)
        throw new Error(`not DER: ${parsed.result.error}`);
    const cert = new pkijs.Certificate({ schema: parsed.result });
    return { subject: toName(cert.subject), issuer: toName(cert.issuer) };
}
function findSignerCertificate(certificates, sid) {
    if (sid instanceof pkijs.IssuerAndSerialNumber) {
        return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
    }
    // SubjectKeyIdentifier form: match the certificate's SKI extension.
    if (sid instanceof asn1js.Constructed ||
        sid instanceof asn1js.OctetString ||
        sid instanceof asn1js.Primitive) {
        const wanted = Buffer.from(sid.valueBlock.valueHexView).toString('hex');
        return certificates.find((c) => c.extensions?.some((e) => e.extnID === '2.5.29.14' &&
            Buffer.from(e.extnValue.valueBlock.valueHexView).toString('hex').endsWith(wanted)));
    }
    return undefined;
}
function buildChain(certificates, leaf) {
    const chain = [];
    let current = leaf;
    for (let i = 0; i < MAX_CHAIN; i++) {
        chain.push(toName(current.issuer).text);
        if (current.issuer.isEqual(current.subject))
            break;
        const parent = certificates.find((c) => c !== current && c.subject.isEqual(current.issuer));
        if (!parent)
            break;
        current = parent;
    }
    return chain;
}
function toName(rdn) {
    const parts = [];
    const name = { text: '' };
    for (const tv of rdn.typesAndValues) {
        const label = SHORT_NAMES[tv.type] ?? tv.type;
        const raw = tv.value.valueBlock?.value;
        const value = typeof raw === 'string' ? raw.replace(/\0/g, '') : '';
        if (!value)
            continue;
        parts.push(`${label}=${value}`);
        if (label === 'CN')
            name.commonName ??= value;
        else if (label === 'O')
            name.organization ??= value;
        else if (label === 'OU')
            name.organizationalUnit ??= value;
    }
    name.text = parts.join(', ');
    return name;
}
function toArrayBuffer(bytes) {
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
