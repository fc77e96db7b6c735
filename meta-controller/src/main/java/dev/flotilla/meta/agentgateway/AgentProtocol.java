package dev.flotilla.meta.agentgateway;

import org.apache.coyote.Processor;
import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.RequestInfo;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;

/**
 * The agent port's protocol handler: Tomcat's NIO HTTP/1.1, except that a request processor it creates is not given
 * a JMX name. Tomcat's connection handler registers every new processor under a lock of its own and the registry's
 * process-wide one ({@code Registry.getRegistry} is a static synchronized method), building an {@code ObjectName}
 * for it, also while Spring Boot keeps the MBean registry off ({@code server.tomcat.mbeanregistry.enabled}, off by
 * default), when the registration itself does nothing. A first rollout at 10,000 clusters creates processors for the
 * reports that come while the agents' polls hold theirs, on threads that run below the portal's priority: in flight
 * recordings the agent port's threads waited for that lock 0.9-4.2 s in a first rollout, up to 170 ms at a time
 * (docs/benchmarks.md, change 51). A processor still joins the connector's request totals
 * ({@code RequestGroupInfo}), as Tomcat's registration does first.
 */
final class AgentProtocol extends Http11NioProtocol {

    AgentProtocol() {
        ConnectionHandler<NioChannel> handler = new ConnectionHandler<>(this) {
            @Override
            protected void register(Processor processor) {
                RequestInfo info = processor.getRequest().getRequestProcessor();
                info.setGlobalProcessor((RequestGroupInfo) getGlobal());
            }

            @Override
            protected void unregister(Processor processor) {
                if (processor.getRequest() != null) {
                    processor.getRequest().getRequestProcessor().setGlobalProcessor(null);
                }
            }
        };
        setHandler(handler);
        getEndpoint().setHandler(handler);
    }
}
