package com.eq1.network.serial;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of {@link SerialPorts}, PID {@code com.eq1.network.serial.ports} (file {@code
 * etc/com.eq1.network.serial.ports.cfg}); optional.
 */
@ObjectClassDefinition(
    id = SerialPorts.PID,
    name = "EQ-1 serial ports",
    description = "Where jSerialComm's native library is extracted, and port discovery.")
public @interface SerialPortsConfig {

  /**
   * The directory for jSerialComm's native library; empty for {@code
   * ${karaf.data}/eq1/serial/native} (outside Karaf {@code ${user.home}/.eq1/serial/native}).
   *
   * @return the directory, or an empty string
   */
  @AttributeDefinition(name = "Native library directory", required = false)
  String nativeLibraryDirectory() default "";
}
