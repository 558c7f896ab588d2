/**
 * JSON payloads (PRD F-06) on Jackson: {@link com.eq1.network.json.JsonSendData} turns a tree, any
 * serialisable value or checked JSON text into compact UTF-8 JSON; {@link
 * com.eq1.network.json.JsonReceivedData} parses payloads strictly, within documented limits, and
 * binds them to Java types.
 *
 * <p>With the packet layer, JSON travels as a TEXT body: a data package that decodes TEXT bodies as
 * JSON is {@code DataPackage.TEXT_PACKAGE.withDecoder(MessageFormat.TEXT,
 * JsonReceivedData.DECODER)}. Polymorphic typing is never enabled. Everything here is usable
 * without OSGi.
 */
@Export
@Version("1.0.0")
package com.eq1.network.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
