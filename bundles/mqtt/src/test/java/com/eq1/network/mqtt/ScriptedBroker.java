package com.eq1.network.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A minimal MQTT 3.1.1 server on a loopback port whose answers a test scripts: what a real broker
 * cannot be made to do on demand, such as staying silent, refusing with a given CONNACK code,
 * granting a lower QoS, never acknowledging a publish, or dropping the connection at an exact
 * packet. It speaks just enough of the protocol for Paho (CONNECT, PUBLISH at every QoS, SUBSCRIBE,
 * UNSUBSCRIBE, PINGREQ, DISCONNECT) and records every PUBLISH it receives.
 */
final class ScriptedBroker implements AutoCloseable {

  /** What the broker answers to CONNECT: a CONNACK return code, or nothing at all. */
  static final int SILENT = -1;

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Socket> awaitingConnack = new ArrayList<>(); // guarded by itself
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final List<String> subscribed = new CopyOnWriteArrayList<>();
  private final List<String> unsubscribed = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger disconnects = new AtomicInteger();

  private volatile int connackCode = 0;
  private volatile int grantedQos = -2; // -2: grant what was asked; SILENT: no SUBACK
  private volatile boolean acknowledgePublishes = true;
  private volatile Predicate<String> dropOnPublish = payload -> false;

  ScriptedBroker() {
    this(0);
  }

  /** A broker on {@code port}, or on a free port if 0. */
  ScriptedBroker(int port) {
    try {
      server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "scripted-broker-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String uri() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** Answers CONNECT with this return code (0 accepts), or {@link #SILENT} to hold the CONNACK. */
  ScriptedBroker connack(int code) {
    connackCode = code;
    return this;
  }

  /** Sends the held CONNACKs (accepting) and accepts every later CONNECT at once. */
  void releaseConnacks() {
    synchronized (awaitingConnack) {
      connackCode = 0;
      for (Socket socket : awaitingConnack) {
        send(socket, new byte[] {0x20, 0x02, 0x00, 0x00});
      }
      awaitingConnack.clear();
    }
  }

  /** Grants this QoS (0x80 refuses) to every subscription, or {@link #SILENT} for no SUBACK. */
  ScriptedBroker grant(int qos) {
    grantedQos = qos;
    return this;
  }

  /** Whether QoS 1 and 2 publishes are acknowledged (PUBACK, PUBREC and PUBCOMP). */
  ScriptedBroker acknowledgePublishes(boolean acknowledge) {
    acknowledgePublishes = acknowledge;
    return this;
  }

  /**
   * Closes the connection, without acknowledging, on the first PUBLISH whose payload matches; later
   * ones (a retry of the same message included) are treated normally.
   */
  ScriptedBroker dropConnectionOnFirst(Predicate<String> payload) {
    AtomicInteger fired = new AtomicInteger();
    dropOnPublish = p -> payload.test(p) && fired.getAndIncrement() == 0;
    return this;
  }

  /** The payloads of every PUBLISH received, in order, over all connections, retries included. */
  List<String> published() {
    return published;
  }

  /** Every subscription received, in order, as {@code filter@qos} (the QoS asked for). */
  List<String> subscribed() {
    return subscribed;
  }

  /** The topic filters of every UNSUBSCRIBE received, in order. */
  List<String> unsubscribed() {
    return unsubscribed;
  }

  /** How many CONNECT packets arrived. */
  int connects() {
    return connects.get();
  }

  /** How many DISCONNECT packets arrived. */
  int disconnects() {
    return disconnects.get();
  }

  /** Closes every client connection, as a network failure would. */
  void dropConnections() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    dropConnections();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        Thread reader = new Thread(() -> serve(socket), "scripted-broker-connection");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int header = in.read();
        if (header < 0) {
          return;
        }
        byte[] body = new byte[remainingLength(in)];
        in.readFully(body);
        if (!handle(socket, header >> 4, header & 0x0f, body)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client or the test closed the connection
    } finally {
      sockets.remove(socket);
      synchronized (awaitingConnack) {
        awaitingConnack.remove(socket);
      }
    }
  }

  /** Answers one packet; {@code false} closes the connection. */
  private boolean handle(Socket socket, int type, int flags, byte[] body) throws IOException {
    switch (type) {
      case 1 -> { // CONNECT
        synchronized (awaitingConnack) { // counted before the CONNACK goes out
          connects.incrementAndGet();
          if (connackCode == SILENT) {
            awaitingConnack.add(socket);
          } else {
            write(socket, new byte[] {0x20, 0x02, 0x00, (byte) connackCode});
          }
        }
      }
      case 3 -> { // PUBLISH
        int qos = (flags >> 1) & 0x03;
        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        int payloadStart = 2 + topicLength + (qos > 0 ? 2 : 0);
        String payload =
            new String(body, payloadStart, body.length - payloadStart, StandardCharsets.UTF_8);
        if (dropOnPublish.test(payload)) {
          return false;
        }
        published.add(payload);
        if (qos > 0 && acknowledgePublishes) {
          byte type2 = (byte) (qos == 1 ? 0x40 : 0x50); // PUBACK or PUBREC
          write(socket, new byte[] {type2, 0x02, body[2 + topicLength], body[3 + topicLength]});
        }
      }
      case 6 -> // PUBREL
          write(socket, new byte[] {0x70, 0x02, body[0], body[1]}); // PUBCOMP
      case 8 -> { // SUBSCRIBE
        ByteArrayOutputStream granted = new ByteArrayOutputStream();
        for (int i = 2; i < body.length; ) {
          int length = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
          int asked = body[i + 2 + length];
          subscribed.add(new String(body, i + 2, length, StandardCharsets.UTF_8) + "@" + asked);
          granted.write(grantedQos == -2 ? asked : grantedQos);
          i += 3 + length;
        }
        if (grantedQos != SILENT) {
          ByteArrayOutputStream suback = new ByteArrayOutputStream();
          suback.write(0x90);
          suback.write(2 + granted.size());
          suback.write(body[0]);
          suback.write(body[1]);
          granted.writeTo(suback);
          write(socket, suback.toByteArray());
        }
      }
      case 10 -> { // UNSUBSCRIBE
        int length = ((body[2] & 0xff) << 8) | (body[3] & 0xff);
        unsubscribed.add(new String(body, 4, length, StandardCharsets.UTF_8));
        write(socket, new byte[] {(byte) 0xb0, 0x02, body[0], body[1]}); // UNSUBACK
      }
      case 12 -> write(socket, new byte[] {(byte) 0xd0, 0x00}); // PINGRESP
      case 14 -> { // DISCONNECT
        disconnects.incrementAndGet();
        return false;
      }
      default -> {
        // PUBACK, PUBREC, PUBCOMP from the client: nothing is ever sent to it
      }
    }
    return true;
  }

  private static int remainingLength(InputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int next = in.read();
      if (next < 0) {
        throw new EOFException();
      }
      value |= (next & 0x7f) << shift;
      if ((next & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed remaining length");
  }

  private static void write(Socket socket, byte[] packet) throws IOException {
    OutputStream out = socket.getOutputStream();
    synchronized (socket) {
      out.write(packet);
      out.flush();
    }
  }

  private static void send(Socket socket, byte[] packet) {
    try {
      write(socket, packet);
    } catch (IOException e) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
