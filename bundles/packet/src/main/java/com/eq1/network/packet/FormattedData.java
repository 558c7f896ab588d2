package com.eq1.network.packet;

import com.eq1.network.api.data.SendData;

/** A {@link SendData} that knows its {@link MessageFormat}, which goes into the envelope. */
public interface FormattedData extends SendData {

  /**
   * Returns the format of the bytes {@link #toBytes()} produces.
   *
   * @return the format
   */
  MessageFormat format();
}
