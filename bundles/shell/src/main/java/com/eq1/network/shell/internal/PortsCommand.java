package com.eq1.network.shell.internal;

import com.eq1.network.shell.internal.serial.SerialPortTable;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * {@code eq1:ports}: the serial ports of this machine with their stable ids, when the serial bundle
 * is installed. The service is looked up by name, so the shell does not depend on that bundle.
 */
@Service
@Command(
    scope = "eq1",
    name = "ports",
    description =
        "Lists the serial ports of this machine with their stable /dev/serial/by-id names, USB"
            + " details and the EQ-1 connection using each (needs the eq1-serial feature).")
public class PortsCommand implements Action {

  /** The service interface, named rather than imported: the serial bundle is optional. */
  static final String DISCOVERY = "com.eq1.network.serial.SerialPortDiscovery";

  @Reference BundleContext context;

  @Reference Session session;

  @Override
  public Object execute() {
    PrintStream out = session.getConsole();
    ServiceReference<?> reference = context.getServiceReference(DISCOVERY);
    Object service = reference == null ? null : context.getService(reference);
    if (service == null) {
      out.println("Serial support is not installed: feature:install eq1-serial");
      return null;
    }
    try {
      SerialPortTable.print(service, out);
    } finally {
      context.ungetService(reference);
    }
    return null;
  }
}
