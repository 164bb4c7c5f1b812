/**
 * TLS as SCAMP uses it (SCAMP.md §1): a service's {@link io.scamp.tls.ServiceIdentity}
 * (certificate and private key, from PEM files or generated and kept), certificate
 * {@link io.scamp.tls.Fingerprints}, and the Netty contexts ({@link io.scamp.tls.TlsContexts})
 * that trust a server by its pinned fingerprint rather than by a CA chain and, optionally,
 * accept only authorized client certificates.
 */
package io.scamp.tls;
