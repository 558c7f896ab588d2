package com.eq1.network.loopback;

import com.eq1.network.link.OverflowPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one loopback request/response connection, factory PID {@code
 * com.eq1.network.loopback.reqres} (file {@code etc/com.eq1.network.loopback.reqres-<name>.cfg}).
 */
@ObjectClassDefinition(
    id = LoopbackReqResProtocol.FACTORY_PID,
    name = "EQ-1 loopback request/response connection",
    description = "A connection that reads back what it sends.")
public @interface LoopbackReqResConfig {

  /**
   * The unique connection name.
   *
   * @return the {@code eq1.name} value
   */
  @AttributeDefinition(
      name = "Connection name",
      description = "Unique name equipment code uses for this connection (eq1.name).")
  String eq1_name() default "";

  /**
   * Whether to connect when the configuration is activated.
   *
   * @return {@code true} to connect at once
   */
  @AttributeDefinition(name = "Connect on start")
  boolean autoConnect() default true;

  /**
   * The most sends held while disconnected.
   *
   * @return the outbound queue capacity
   */
  @AttributeDefinition(name = "Outbound queue capacity", min = "1")
  int queueCapacity() default 10_000;

  /**
   * How long a send may wait in the outbound queue.
   *
   * @return the time to live in seconds
   */
  @AttributeDefinition(name = "Outbound queue time to live (s)", min = "1")
  long queueTtlSeconds() default 30;

  /**
   * What a full outbound queue does with one more send.
   *
   * @return the overflow policy
   */
  @AttributeDefinition(name = "Outbound queue overflow policy")
  OverflowPolicy queueOverflow() default OverflowPolicy.REJECT_NEWEST;

  /**
   * The most received messages waiting to be read.
   *
   * @return the receive buffer capacity
   */
  @AttributeDefinition(name = "Receive buffer capacity (messages)", min = "1")
  int inboundCapacity() default 10_000;
}
