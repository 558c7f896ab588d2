package com.eq1.network.serial;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Makes a configuration annotation instance from key/value pairs, as Declarative Services does. */
final class ConfigProxy {

  private ConfigProxy() {}

  static <A> A of(Class<A> type, Map<String, Object> values) {
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
