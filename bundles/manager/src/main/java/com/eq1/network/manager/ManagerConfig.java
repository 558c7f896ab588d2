package com.eq1.network.manager;

import com.eq1.network.link.OverflowPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the managers, PID {@code com.eq1.network.manager} (file {@code
 * etc/com.eq1.network.manager.cfg}); optional, every value has a default. A change applies to swaps
 * that start after it, without restarting the managers.
 */
@ObjectClassDefinition(
    id = ManagerSettings.PID,
    name = "EQ-1 connection managers",
    description = "How the managers hold traffic while a protocol is swapped.")
public @interface ManagerConfig {

  /**
   * How long sends and publishes to a protocol that went away are held for its return.
   *
   * @return the grace period in milliseconds
   */
  @AttributeDefinition(name = "Swap grace period (ms)", min = "0")
  long swapGracePeriodMillis() default 5_000;

  /**
   * The most sends or publishes held per connection during a swap.
   *
   * @return the hold queue capacity
   */
  @AttributeDefinition(name = "Hold queue capacity (messages per connection)", min = "1")
  int holdCapacity() default 10_000;

  /**
   * What a full hold queue does with one more message.
   *
   * @return the overflow policy
   */
  @AttributeDefinition(name = "Hold queue overflow policy")
  OverflowPolicy holdOverflow() default OverflowPolicy.REJECT_NEWEST;
}
