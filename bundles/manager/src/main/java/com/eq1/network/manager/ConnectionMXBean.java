package com.eq1.network.manager;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One connection name as a JMX MXBean, registered in the platform MBean server as {@code
 * com.eq1.network:type=Connection,name=<name>} for every name the managers know (see {@link
 * ConnectionSnapshot}, which the shell reads too). Readable with jconsole, VisualVM or Karaf's JMX
 * connector; generic clients see the enumerations as their names.
 *
 * <p>Every attribute is read live from a fresh {@link ConnectionSnapshot} at each get; nothing is
 * cached. While no protocol serves the name (it is {@link Presence#SWAPPING} or {@link
 * Presence#ABSENT}) the state comes from the managers and the protocol's counters read 0. The
 * attributes are read-only; getters never block and never throw.
 */
@ProviderType
public interface ConnectionMXBean {

  /** The JMX domain of the connection MBeans. */
  String DOMAIN = "com.eq1.network";

  /** The {@code type} key of the connection MBeans' object names. */
  String TYPE = "Connection";

  /**
   * Returns the connection name, as in the {@code name} key of the object name.
   *
   * @return the {@code eq1.name} of the connection
   */
  String getName();

  /**
   * Returns the protocol type ({@code eq1.protocol}) of the protocol serving the name now or last.
   *
   * @return for example {@code mqtt} or {@code tcp-client}; {@code null} if no protocol ever served
   *     the name
   */
  String getProtocol();

  /**
   * Returns the family of protocol the name belongs to.
   *
   * @return {@code REQ_RES} or {@code PUB_SUB}
   */
  ProtocolKind getKind();

  /**
   * Returns whether a protocol serves the name now.
   *
   * @return {@code PRESENT}, {@code SWAPPING} (the protocol went away less than the grace period
   *     ago; traffic is held) or {@code ABSENT}
   */
  Presence getPresence();

  /**
   * Returns the connection state.
   *
   * @return the protocol's state; {@code DISCONNECTED} while no protocol serves the name
   */
  ConnectionState getState();

  /**
   * Returns when the protocol entered its current state.
   *
   * @return an ISO-8601 instant such as {@code 2026-01-31T08:15:30.123Z}; {@code null} while no
   *     protocol serves the name
   */
  String getStateSince();

  /**
   * Returns the connect intent the managers keep for the name.
   *
   * @return {@code true} after a connect through the managers, {@code false} after a disconnect,
   *     {@code null} if neither was requested (the protocol's configuration decides)
   */
  Boolean getConnectRequested();

  /**
   * Returns the number of messages received.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getMessagesIn();

  /**
   * Returns the number of messages sent or published to the wire.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getMessagesOut();

  /**
   * Returns the number of payload bytes received.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getBytesIn();

  /**
   * Returns the number of payload bytes sent.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getBytesOut();

  /**
   * Returns the number of errors seen: failed writes, bad frames, failed connects and the like.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getErrors();

  /**
   * Returns the number of successful reconnects after an unexpected loss of the link.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getReconnects();

  /**
   * Returns the number of messages waiting in the protocol's outbound queue now.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  int getQueued();

  /**
   * Returns the number of messages the protocol discarded from its outbound queue because their
   * time to live ran out. Messages the manager held during a swap and discarded are counted by
   * {@link #getHeldExpired()}.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getExpired();

  /**
   * Returns the number of messages refused or discarded because a bounded queue of the protocol was
   * full.
   *
   * @return the protocol's count; 0 while no protocol serves the name
   */
  long getDropped();

  /**
   * Returns the number of sends or publishes the manager holds now, waiting for a swapped protocol
   * to return.
   *
   * @return the manager's count; 0 while a protocol serves the name normally
   */
  int getHeld();

  /**
   * Returns the number of sends or publishes the manager held during a swap and discarded because
   * no protocol returned in time.
   *
   * @return the manager's count since it first knew the name
   */
  long getHeldExpired();

  /**
   * Returns the number of subscriptions the manager keeps for the name.
   *
   * @return the count; 0 for request/response connections
   */
  int getSubscriptions();

  /**
   * Returns the message of the protocol's last error.
   *
   * @return the message, or {@code null} if there was none or no protocol serves the name
   */
  String getLastError();

  /**
   * Returns when the protocol's last error happened.
   *
   * @return an ISO-8601 instant, or {@code null} if there was none or no protocol serves the name
   */
  String getLastErrorAt();
}
