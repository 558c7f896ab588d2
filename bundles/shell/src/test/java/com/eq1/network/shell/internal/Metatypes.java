package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.eq1.network.shell.internal.ProtocolCatalog.ProtocolType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.felix.metatype.DefaultMetaTypeProvider;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The real metatype of the protocol bundles on the test classpath (loopback and tcp), parsed by the
 * real Felix metatype implementation, and the bits of OSGi around it that need a framework: a
 * {@link Bundle} (only used by Felix for localisation), a {@link BundleContext} listing bundles and
 * services, and a {@link MetaTypeService} answering for those bundles.
 */
final class Metatypes {

  static final String LOOPBACK_PUBSUB = "com.eq1.network.loopback.pubsub";
  static final String LOOPBACK_REQRES = "com.eq1.network.loopback.reqres";
  static final String TCP_CLIENT = "com.eq1.network.tcp.client";
  static final String TCP_SERVER = "com.eq1.network.tcp.server";

  /** A metatype made for these tests (src/test/resources), with a secret of type Password. */
  static final String VAULT = "com.eq1.network.test.vault";

  private static final AtomicLong BUNDLE_IDS = new AtomicLong(100);

  private Metatypes() {}

  /** Parses a metatype XML file from the test classpath. */
  static MetaData read(String pid) {
    String resource = "OSGI-INF/metatype/" + pid + ".xml";
    URL url = Metatypes.class.getClassLoader().getResource(resource);
    assertNotNull(url, resource + " is not on the test classpath");
    try {
      return new MetaDataReader().parse(url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The definition of a factory PID, as Felix's metatype provider gives it. */
  static ObjectClassDefinition definition(String pid) {
    return new DefaultMetaTypeProvider(bundle("test", Bundle.ACTIVE), read(pid))
        .getObjectClassDefinition(pid, null);
  }

  /** The connection type of a factory PID. */
  static ProtocolType type(String pid) {
    return new ProtocolType(ProtocolCatalog.protocolOf(pid).orElseThrow(), pid, definition(pid));
  }

  /** A catalog of the four protocols of the loopback and tcp bundles. */
  static ProtocolCatalog catalog() {
    return new ProtocolCatalog(
        () ->
            List.of(
                type(TCP_CLIENT), type(TCP_SERVER), type(LOOPBACK_PUBSUB), type(LOOPBACK_REQRES)));
  }

  /**
   * A bundle: Felix asks it for its id, state, last modification, headers and localisation
   * resources (there are none: the metatype's texts are literal).
   */
  static Bundle bundle(String symbolicName, int state) {
    long id = BUNDLE_IDS.incrementAndGet();
    return (Bundle)
        Proxy.newProxyInstance(
            Bundle.class.getClassLoader(),
            new Class<?>[] {Bundle.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getBundleId" -> id;
                  case "getState" -> state;
                  case "getLastModified" -> 0L;
                  case "getSymbolicName" -> symbolicName;
                  case "getHeaders" -> new Hashtable<String, String>();
                  case "getResource", "getEntry", "findEntries" -> null;
                  case "hashCode" -> Long.hashCode(id);
                  case "equals" -> proxy == args[0];
                  case "toString" -> symbolicName + " [" + id + "]";
                  default ->
                      throw new UnsupportedOperationException(
                          "the test bundle does not offer " + method.getName());
                });
  }

  /**
   * An OSGi runtime as far as the shell sees it: installed bundles with their metatype, and
   * services by interface name.
   */
  static final class Runtime {

    private final Map<Bundle, MetaTypeInformation> metatypes = new LinkedHashMap<>();
    private final Map<String, Object> services = new ConcurrentHashMap<>();
    private final List<Object> released = new CopyOnWriteArrayList<>();

    /** The metatype service over the installed bundles. */
    final MetaTypeService metaType = metatypes::get;

    /** The bundle context over the installed bundles and services. */
    final BundleContext context =
        (BundleContext)
            Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getBundles" -> bundles();
                      case "getServiceReference" -> reference((String) args[0]);
                      case "getService" -> service((ServiceReference<?>) args[0]);
                      case "ungetService" -> released.add(args[0]);
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      case "toString" -> "test bundle context";
                      default ->
                          throw new UnsupportedOperationException(
                              "the test bundle context does not offer " + method.getName());
                    });

    /** The loopback and tcp bundles, active, with their real metatype. */
    static Runtime withProtocolBundles() {
      return new Runtime()
          .install(
              bundle("com.eq1.network.loopback", Bundle.ACTIVE), LOOPBACK_PUBSUB, LOOPBACK_REQRES)
          .install(bundle("com.eq1.network.tcp", Bundle.ACTIVE), TCP_CLIENT, TCP_SERVER);
    }

    /** Installs a bundle whose metatype declares the given factory PIDs (none: no metatype). */
    synchronized Runtime install(Bundle bundle, String... factoryPids) {
      metatypes.put(
          bundle, factoryPids.length == 0 ? null : new BundleMetaType(bundle, factoryPids));
      return this;
    }

    /** Registers a service under an interface name. */
    Runtime register(String interfaceName, Object service) {
      services.put(interfaceName, service);
      return this;
    }

    /** The service references given back with {@code ungetService}. */
    List<Object> released() {
      return List.copyOf(released);
    }

    private synchronized Bundle[] bundles() {
      return metatypes.keySet().toArray(new Bundle[0]);
    }

    private ServiceReference<?> reference(String interfaceName) {
      if (!services.containsKey(interfaceName)) {
        return null;
      }
      return (ServiceReference<?>)
          Proxy.newProxyInstance(
              ServiceReference.class.getClassLoader(),
              new Class<?>[] {ServiceReference.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getProperty" -> "objectClass".equals(args[0]) ? interfaceName : null;
                    case "hashCode" -> interfaceName.hashCode();
                    case "equals" -> proxy == args[0];
                    case "toString" -> "reference to " + interfaceName;
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    private Object service(ServiceReference<?> reference) {
      return services.get((String) reference.getProperty("objectClass"));
    }
  }

  /** A bundle's metatype information: one Felix provider per factory PID, as its XML files. */
  private record BundleMetaType(Bundle bundle, Map<String, DefaultMetaTypeProvider> providers)
      implements MetaTypeInformation {

    BundleMetaType(Bundle bundle, String... factoryPids) {
      this(bundle, providers(bundle, factoryPids));
    }

    private static Map<String, DefaultMetaTypeProvider> providers(
        Bundle bundle, String... factoryPids) {
      Map<String, DefaultMetaTypeProvider> providers = new LinkedHashMap<>();
      Arrays.stream(factoryPids)
          .forEach(pid -> providers.put(pid, new DefaultMetaTypeProvider(bundle, read(pid))));
      return providers;
    }

    @Override
    public String[] getPids() {
      return new String[0];
    }

    @Override
    public String[] getFactoryPids() {
      return providers.keySet().toArray(new String[0]);
    }

    @Override
    public Bundle getBundle() {
      return bundle;
    }

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
      DefaultMetaTypeProvider provider = providers.get(id);
      if (provider == null) {
        throw new IllegalArgumentException("no object class definition " + id);
      }
      return provider.getObjectClassDefinition(id, locale);
    }

    @Override
    public String[] getLocales() {
      return null;
    }
  }
}
