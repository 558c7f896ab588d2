package com.eq1.network.manager;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.TextData;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler listener that records every callback and the thread it ran on. */
class Recorder implements NetworkHandlerListener {

  /** One message handed to {@link #onMessage}. */
  record Received(Message message, ReceivedData data) {
    String text() {
      return ((TextData) data).text();
    }
  }

  final List<Received> messages = new CopyOnWriteArrayList<>();
  final List<ProtocolException> errors = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Override
  public void onConnected(NetworkHandler handler) {
    threads.add(Thread.currentThread().getName());
    events.add("connected");
  }

  @Override
  public void onDisconnected(NetworkHandler handler, String reason) {
    threads.add(Thread.currentThread().getName());
    events.add("disconnected: " + reason);
  }

  @Override
  public void onMessage(Message message, ReceivedData data) {
    threads.add(Thread.currentThread().getName());
    messages.add(new Received(message, data));
  }

  @Override
  public void onError(ProtocolException error) {
    threads.add(Thread.currentThread().getName());
    errors.add(error);
  }

  /** The bodies of the messages received so far, as text. */
  List<String> texts() {
    return messages.stream().map(Received::text).toList();
  }

  /** The message received at {@code index}. */
  Message message(int index) {
    return messages.get(index).message();
  }
}
