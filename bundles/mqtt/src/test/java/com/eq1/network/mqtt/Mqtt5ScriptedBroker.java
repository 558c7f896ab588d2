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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal MQTT 5 server on a loopback port answering with the reason codes a test chooses: what
 * Mosquitto cannot be made to send on demand (0x86 in a CONNACK, 0x97 quota exceeded in a SUBACK or
 * PUBACK, a Receive Maximum, a DISCONNECT with a reason string). It speaks just enough MQTT 5 for
 * Paho: CONNECT, PUBLISH at every QoS, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT.
 */
final class Mqtt5ScriptedBroker implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();

  private volatile int connackCode;
  private volatile boolean silent;
  private volatile int receiveMaximum; // 0: not announced
  private volatile boolean wildcards = true;
  private volatile boolean shared = true;
  private volatile int subackCode = -1; // -1: grant what was asked
  private volatile int pubackCode; // PUBACK and PUBREC
  private volatile boolean acknowledge = true;

  Mqtt5ScriptedBroker() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "mqtt5-scripted-broker-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String uri() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** Answers CONNECT with this reason code (0 accepts). */
  Mqtt5ScriptedBroker connack(int code) {
    connackCode = code;
    return this;
  }

  /** Whether CONNECT goes unanswered (the connection stays open). */
  Mqtt5ScriptedBroker silent(boolean quiet) {
    silent = quiet;
    return this;
  }

  /** Announces in the CONNACK whether wildcard and shared subscriptions are available. */
  Mqtt5ScriptedBroker subscriptions(boolean wildcard, boolean sharedSubscriptions) {
    wildcards = wildcard;
    shared = sharedSubscriptions;
    return this;
  }

  /** Announces this Receive Maximum in the CONNACK. */
  Mqtt5ScriptedBroker receiveMaximum(int maximum) {
    receiveMaximum = maximum;
    return this;
  }

  /** Answers every subscription with this reason code. */
  Mqtt5ScriptedBroker suback(int code) {
    subackCode = code;
    return this;
  }

  /** Answers QoS 1 and 2 publishes (PUBACK, PUBREC) with this reason code. */
  Mqtt5ScriptedBroker puback(int code) {
    pubackCode = code;
    return this;
  }

  /** Whether QoS 1 and 2 publishes are acknowledged at all. */
  Mqtt5ScriptedBroker acknowledge(boolean answer) {
    acknowledge = answer;
    return this;
  }

  /** The payloads of every PUBLISH received, in order. */
  List<String> published() {
    return published;
  }

  /** How many CONNECT packets arrived. */
  int connects() {
    return connects.get();
  }

  /** Sends DISCONNECT with this reason code and reason string to every client, then closes. */
  void disconnectAll(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0xE0);
    packet.write(2 + 3 + text.length);
    packet.write(code);
    packet.write(3 + text.length); // properties: Reason String
    packet.write(0x1F);
    packet.write(text.length >> 8);
    packet.write(text.length);
    packet.writeBytes(text);
    for (Socket socket : sockets) {
      try {
        write(socket, packet.toByteArray());
      } catch (IOException e) {
        // gone already
      }
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Thread reader = new Thread(() -> serve(socket), "mqtt5-scripted-broker-connection");
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
        byte[] body = new byte[variableInteger(in)];
        in.readFully(body);
        if (!handle(socket, header >> 4, header & 0x0f, body)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client or the test closed the connection
    } finally {
      sockets.remove(socket);
    }
  }

  /** Answers one packet; {@code false} closes the connection. */
  private boolean handle(Socket socket, int type, int flags, byte[] body) throws IOException {
    switch (type) {
      case 1 -> { // CONNECT
        connects.incrementAndGet();
        if (silent) {
          return true;
        }
        ByteArrayOutputStream announced = new ByteArrayOutputStream();
        int maximum = receiveMaximum;
        if (maximum != 0) {
          announced.writeBytes(new byte[] {0x21, (byte) (maximum >> 8), (byte) maximum});
        }
        if (!wildcards) {
          announced.writeBytes(new byte[] {0x28, 0x00});
        }
        if (!shared) {
          announced.writeBytes(new byte[] {0x2A, 0x00});
        }
        byte[] properties = announced.toByteArray();
        ByteArrayOutputStream connack = new ByteArrayOutputStream();
        connack.write(0x20);
        connack.write(3 + properties.length);
        connack.write(0); // no session present
        connack.write(connackCode);
        connack.write(properties.length);
        connack.writeBytes(properties);
        write(socket, connack.toByteArray());
        return connackCode == 0;
      }
      case 3 -> { // PUBLISH
        int qos = (flags >> 1) & 0x03;
        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        int at = 2 + topicLength + (qos > 0 ? 2 : 0);
        int[] propertyLength = variableInteger(body, at);
        int payloadStart = at + propertyLength[1] + propertyLength[0];
        published.add(
            new String(body, payloadStart, body.length - payloadStart, StandardCharsets.UTF_8));
        if (qos > 0 && acknowledge) {
          byte ack = (byte) (qos == 1 ? 0x40 : 0x50); // PUBACK or PUBREC
          byte[] id = {body[2 + topicLength], body[3 + topicLength]};
          write(socket, new byte[] {ack, 0x03, id[0], id[1], (byte) pubackCode});
        }
      }
      case 6 -> write(socket, new byte[] {0x70, 0x02, body[0], body[1]}); // PUBREL: PUBCOMP
      case 8 -> { // SUBSCRIBE
        int[] propertyLength = variableInteger(body, 2);
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        for (int i = 2 + propertyLength[1] + propertyLength[0]; i < body.length; ) {
          int length = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
          codes.write(subackCode == -1 ? body[i + 2 + length] & 0x03 : subackCode);
          i += 3 + length;
        }
        ByteArrayOutputStream suback = new ByteArrayOutputStream();
        suback.write(0x90);
        suback.write(3 + codes.size());
        suback.write(body[0]);
        suback.write(body[1]);
        suback.write(0); // no properties
        codes.writeTo(suback);
        write(socket, suback.toByteArray());
      }
      case 10 -> write(socket, new byte[] {(byte) 0xB0, 0x04, body[0], body[1], 0x00, 0x00});
      case 12 -> write(socket, new byte[] {(byte) 0xD0, 0x00}); // PINGRESP
      case 14 -> {
        return false; // DISCONNECT
      }
      default -> {
        // PUBACK, PUBREC, PUBCOMP from the client: nothing is ever sent to it
      }
    }
    return true;
  }

  /** Reads a variable byte integer from a stream. */
  private static int variableInteger(InputStream in) throws IOException {
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
    throw new IOException("malformed variable byte integer");
  }

  /** Reads a variable byte integer at {@code at}: its value and how many bytes it took. */
  private static int[] variableInteger(byte[] bytes, int at) {
    int value = 0;
    int i = 0;
    while (true) {
      int next = bytes[at + i] & 0xff;
      value |= (next & 0x7f) << (7 * i);
      i++;
      if ((next & 0x80) == 0) {
        return new int[] {value, i};
      }
    }
  }

  private static void write(Socket socket, byte[] packet) throws IOException {
    OutputStream out = socket.getOutputStream();
    synchronized (socket) {
      out.write(packet);
      out.flush();
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
