package com.eq1.network.mqtt;

import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Changes some of an {@link MqttSettings}: {@code MqttSettings.defaults(name, broker).toBuilder()
 * .version(MqttVersion.V5).build()}. Each setter means what the record component of the same name
 * means; {@link #build()} checks the whole.
 */
public final class MqttSettingsBuilder {

  private String name;
  private String broker;
  private String clientId;
  private String username;
  private String password;
  private MqttVersion version;
  private Duration keepAlive;
  private boolean cleanSession;
  private Duration sessionExpiry;
  private Duration connectTimeout;
  private int maxInflight;
  private QueueSettings queue;
  private int flushRate;
  private ReconnectSettings reconnect;
  private int inboundCapacity;
  private int maxPayload;
  private StatusMessage will;
  private StatusMessage birth;
  private Path persistenceDirectory;
  private TlsSettings tls;

  MqttSettingsBuilder(MqttSettings from) {
    this.name = from.name();
    this.broker = from.broker();
    this.clientId = from.clientId();
    this.username = from.username();
    this.password = from.password();
    this.version = from.version();
    this.keepAlive = from.keepAlive();
    this.cleanSession = from.cleanSession();
    this.sessionExpiry = from.sessionExpiry();
    this.connectTimeout = from.connectTimeout();
    this.maxInflight = from.maxInflight();
    this.queue = from.queue();
    this.flushRate = from.flushRate();
    this.reconnect = from.reconnect();
    this.inboundCapacity = from.inboundCapacity();
    this.maxPayload = from.maxPayload();
    this.will = from.will();
    this.birth = from.birth();
    this.persistenceDirectory = from.persistenceDirectory();
    this.tls = from.tls();
  }

  /**
   * Sets {@link MqttSettings#name()}.
   *
   * @param value the name
   * @return this builder
   */
  public MqttSettingsBuilder name(String value) {
    this.name = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#broker()}.
   *
   * @param value the broker
   * @return this builder
   */
  public MqttSettingsBuilder broker(String value) {
    this.broker = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#clientId()}.
   *
   * @param value the clientId
   * @return this builder
   */
  public MqttSettingsBuilder clientId(String value) {
    this.clientId = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#username()}.
   *
   * @param value the username
   * @return this builder
   */
  public MqttSettingsBuilder username(String value) {
    this.username = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#password()}.
   *
   * @param value the password
   * @return this builder
   */
  public MqttSettingsBuilder password(String value) {
    this.password = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#version()}.
   *
   * @param value the version
   * @return this builder
   */
  public MqttSettingsBuilder version(MqttVersion value) {
    this.version = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#keepAlive()}.
   *
   * @param value the keepAlive
   * @return this builder
   */
  public MqttSettingsBuilder keepAlive(Duration value) {
    this.keepAlive = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#cleanSession()}.
   *
   * @param value the cleanSession
   * @return this builder
   */
  public MqttSettingsBuilder cleanSession(boolean value) {
    this.cleanSession = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#sessionExpiry()}.
   *
   * @param value the sessionExpiry
   * @return this builder
   */
  public MqttSettingsBuilder sessionExpiry(Duration value) {
    this.sessionExpiry = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#connectTimeout()}.
   *
   * @param value the connectTimeout
   * @return this builder
   */
  public MqttSettingsBuilder connectTimeout(Duration value) {
    this.connectTimeout = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#maxInflight()}.
   *
   * @param value the maxInflight
   * @return this builder
   */
  public MqttSettingsBuilder maxInflight(int value) {
    this.maxInflight = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#queue()}.
   *
   * @param value the queue
   * @return this builder
   */
  public MqttSettingsBuilder queue(QueueSettings value) {
    this.queue = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#flushRate()}.
   *
   * @param value the flushRate
   * @return this builder
   */
  public MqttSettingsBuilder flushRate(int value) {
    this.flushRate = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#reconnect()}.
   *
   * @param value the reconnect
   * @return this builder
   */
  public MqttSettingsBuilder reconnect(ReconnectSettings value) {
    this.reconnect = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#inboundCapacity()}.
   *
   * @param value the inboundCapacity
   * @return this builder
   */
  public MqttSettingsBuilder inboundCapacity(int value) {
    this.inboundCapacity = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#maxPayload()}.
   *
   * @param value the maxPayload
   * @return this builder
   */
  public MqttSettingsBuilder maxPayload(int value) {
    this.maxPayload = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#will()}.
   *
   * @param value the will
   * @return this builder
   */
  public MqttSettingsBuilder will(StatusMessage value) {
    this.will = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#birth()}.
   *
   * @param value the birth
   * @return this builder
   */
  public MqttSettingsBuilder birth(StatusMessage value) {
    this.birth = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#persistenceDirectory()}.
   *
   * @param value the persistenceDirectory
   * @return this builder
   */
  public MqttSettingsBuilder persistenceDirectory(Path value) {
    this.persistenceDirectory = value;
    return this;
  }

  /**
   * Sets {@link MqttSettings#tls()}.
   *
   * @param value the tls
   * @return this builder
   */
  public MqttSettingsBuilder tls(TlsSettings value) {
    this.tls = value;
    return this;
  }

  /**
   * Makes the settings.
   *
   * @return the settings
   * @throws com.eq1.network.api.ConfigurationException naming the first bad value
   */
  public MqttSettings build() {
    return new MqttSettings(
        name,
        broker,
        clientId,
        username,
        password,
        version,
        keepAlive,
        cleanSession,
        sessionExpiry,
        connectTimeout,
        maxInflight,
        queue,
        flushRate,
        reconnect,
        inboundCapacity,
        maxPayload,
        will,
        birth,
        persistenceDirectory,
        tls);
  }
}
