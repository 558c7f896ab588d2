package com.eq1.network.link;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Makes a configuration annotation instance from key/value pairs, as Declarative Services does: a
 * method {@code eq1_name()} reads the key {@code eq1.name}, and a missing key gives the method's
 * default. Shared with the protocol bundles' tests through link's test jar.
 */
public final class ConfigProxy {

  private ConfigProxy() {}

  /**
   * Returns a configuration of the given type.
   *
   * @param type the configuration annotation
   * @param values the configured values by key
   * @return the configuration
   */
  public static <A> A of(Class<A> type, Map<String, Object> values) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              String key = method.getName().replace('_', '.');
              return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> values.containsKey(key) ? values.get(key) : method.getDefaultValue();
              };
            }));
  }
}
