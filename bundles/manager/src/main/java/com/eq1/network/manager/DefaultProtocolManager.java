package com.eq1.network.manager;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.ReqResManager;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link ProtocolManager}: one view over the request/response and publish/subscribe managers.
 */
@Component(service = ProtocolManager.class, immediate = true)
public final class DefaultProtocolManager implements ProtocolManager {

  private final ReqResManager reqRes;
  private final PubSubManager pubSub;

  /**
   * Creates the view.
   *
   * @param reqRes the request/response manager
   * @param pubSub the publish/subscribe manager
   */
  @Activate
  public DefaultProtocolManager(@Reference ReqResManager reqRes, @Reference PubSubManager pubSub) {
    this.reqRes = Objects.requireNonNull(reqRes, "reqRes");
    this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
  }

  @Override
  public Optional<BaseProtocol> getProtocol(String name) {
    return reqRes
        .protocol(name)
        .<BaseProtocol>map(p -> p)
        .or(() -> pubSub.protocol(name).map(p -> p));
  }

  @Override
  public Optional<ConnectionInfo> connection(String name) {
    return reqRes.connection(name).or(() -> pubSub.connection(name));
  }

  @Override
  public List<ConnectionInfo> connections() {
    return Stream.concat(reqRes.connections().stream(), pubSub.connections().stream())
        .sorted(Comparator.comparing(ConnectionInfo::name).thenComparing(ConnectionInfo::kind))
        .toList();
  }
}
