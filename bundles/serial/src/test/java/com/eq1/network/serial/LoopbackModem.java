package com.eq1.network.serial;

import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link ModemPeer} on one end of a connected loopback cable and {@link AtCommandClient}s on the
 * other; closes everything it made, clients first.
 */
final class LoopbackModem implements AutoCloseable {

  final LoopbackReqResProtocol.Cable cable;
  final ModemPeer peer;
  private final List<AtCommandClient> clients = new ArrayList<>();

  LoopbackModem(String name) {
    cable = LoopbackReqResProtocol.cable(name, name + "-device", QueueSettings.DEFAULT, 1_000);
    cable.a().connect();
    cable.b().connect();
    peer = new ModemPeer(new LoopbackModemLine(cable.b()), name);
  }

  /** A client with a default timeout of 5 s. */
  AtCommandClient client() {
    return client(Duration.ofSeconds(5), List.of());
  }

  AtCommandClient client(Duration timeout, Collection<String> extraUrcPrefixes) {
    AtCommandClient client = new AtCommandClient(cable.a(), timeout, extraUrcPrefixes);
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(AtCommandClient::close);
    peer.close();
    cable.a().close();
    cable.b().close();
  }
}
