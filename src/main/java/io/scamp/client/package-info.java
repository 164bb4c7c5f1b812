/**
 * The requester side: {@link io.scamp.client.ScampClient} sends requests, either to an
 * {@link io.scamp.client.Endpoint} (an address and the TLS fingerprint to pin) or by action
 * name through a {@link io.scamp.discovery.ServiceDirectory}, over one pooled, multiplexed
 * connection per service address. Make one with {@link io.scamp.client.ScampClient#create()}
 * or {@link io.scamp.client.ScampClient#builder()}, share it between threads, and close it
 * when done.
 */
package io.scamp.client;
