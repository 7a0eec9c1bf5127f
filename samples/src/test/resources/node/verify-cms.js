'use strict';
// An independent check of a detached CMS SignedData (RFC 5652) with nothing but Node's own
// crypto: a minimal DER reader finds the signer's certificate, the signed attributes, the
// message digest and the signature; Node hashes the content, verifies the signature over the
// DER SET of the signed attributes, and verifies leaf -> issuing -> root with X509Certificate.
// Usage: node verify-cms.js <cms.p7s> <content> <issuing.pem> <root.pem>
// Prints "true" when every check passes, otherwise "false: <reason>".
const crypto = require('crypto');
const fs = require('fs');

const OID = {
  sha256: '608648016503040201',
  sha512: '608648016503040203',
  signedData: '2a864886f70d010702',
  messageDigest: '2a864886f70d010904',
  contentType: '2a864886f70d010903',
  data: '2a864886f70d010701',
};

function node(buf, pos, end) {
  if (pos + 2 > end) throw new Error('truncated header');
  const tag = buf[pos];
  let p = pos + 1;
  let len = buf[p++];
  if (len === 0x80) throw new Error('indefinite length is not DER');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  if (p + len > end) throw new Error('value beyond its parent');
  return { tag, start: pos, body: p, end: p + len, buf };
}
function kids(n) {
  const out = [];
  for (let p = n.body; p < n.end;) { const c = node(n.buf, p, n.end); out.push(c); p = c.end; }
  return out;
}
const hex = (n) => n.buf.subarray(n.body, n.end).toString('hex');
const whole = (n) => n.buf.subarray(n.start, n.end);
function expect(cond, why) { if (!cond) throw new Error(why); }

function verify(cmsBytes, content, issuing, root) {
  const ci = node(cmsBytes, 0, cmsBytes.length);
  expect(ci.tag === 0x30 && ci.end === cmsBytes.length, 'ContentInfo is not one SEQUENCE');
  const [type, explicit] = kids(ci);
  expect(hex(type) === OID.signedData, 'not SignedData');
  const sd = kids(explicit)[0];
  const parts = kids(sd);
  const encap = parts[2];
  expect(kids(encap).length === 1, 'the content is not detached');
  const certs = parts.find((p) => p.tag === 0xa0);
  expect(certs, 'no certificates');
  const signerInfos = parts[parts.length - 1];
  const infos = kids(signerInfos);
  expect(infos.length === 1, 'expected one signer');
  const si = kids(infos[0]);
  const digestAlg = hex(kids(si[2])[0]);
  const attrs = si[3];
  expect(attrs.tag === 0xa0, 'no signed attributes');
  const signature = si[5];
  expect(signature.tag === 0x04, 'no signature OCTET STRING');

  let digest = null;
  let contentType = null;
  for (const a of kids(attrs)) {
    const [oid, values] = kids(a);
    const value = kids(values)[0];
    if (hex(oid) === OID.messageDigest) digest = Buffer.from(hex(value), 'hex');
    if (hex(oid) === OID.contentType) contentType = hex(value);
  }
  expect(contentType === OID.data, 'content-type attribute is not id-data');
  const hashName = { [OID.sha256]: 'sha256', [OID.sha512]: 'sha512' }[digestAlg];
  expect(hashName, 'unexpected digest algorithm ' + digestAlg);
  expect(digest && crypto.createHash(hashName).update(content).digest().equals(digest), 'message digest does not match the content');

  // The signature covers the signed attributes re-tagged as a SET (RFC 5652 5.4).
  const signed = Buffer.from(whole(attrs));
  signed[0] = 0x31;
  // The signer is named by issuer and serial number; the certificates are a DER SET, so any order.
  const serial = BigInt('0x' + hex(kids(si[1])[1]));
  const leaf = kids(certs).map((c) => new crypto.X509Certificate(whole(c)))
    .find((c) => BigInt('0x' + c.serialNumber) === serial);
  expect(leaf, "the signer's certificate is not included");
  const key = leaf.publicKey;
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : hashName;
  expect(crypto.verify(algorithm, signed, key, Buffer.from(hex(signature), 'hex')), 'the signature does not verify');
  expect(leaf.checkIssued(issuing) && leaf.verify(issuing.publicKey), 'the leaf is not issued by the issuing CA');
  expect(issuing.checkIssued(root) && issuing.verify(root.publicKey), 'the issuing CA is not issued by the root');
  expect(root.verify(root.publicKey), 'the root is not self-signed');
  return key.asymmetricKeyType;
}

try {
  const [cmsFile, contentFile, issuingFile, rootFile] = process.argv.slice(2);
  const type = verify(fs.readFileSync(cmsFile), fs.readFileSync(contentFile),
    new crypto.X509Certificate(fs.readFileSync(issuingFile)), new crypto.X509Certificate(fs.readFileSync(rootFile)));
  console.log('true ' + type);
} catch (e) {
  console.log('false: ' + e.message);
}
