package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import javax.management.ObjectName;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.RequestInfo;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.junit.jupiter.api.Test;

/**
 * The agent port's protocol handler registers a new request processor as Tomcat's does, with the connector's request
 * totals, but without the JMX name (and the two locks) Tomcat's gives it; Tomcat's own handler, for contrast, names
 * it. Both handlers are driven through Tomcat's protected methods, as its connector drives them, with the JMX domain
 * a connector gives its protocol at start.
 */
class AgentProtocolTest {

    @Test
    void anAgentPortProcessorJoinsTheConnectorsTotalsWithoutAJmxName() throws Exception {
        AgentProtocol agent = new AgentProtocol();
        Processor processor = registerNewProcessor(agent);
        RequestInfo registered = processor.getRequest().getRequestProcessor();

        assertThat(registered.getRpName()).isNull();
        registered.setRequestCount(3);
        assertThat(global(agent).getRequestCount()).isEqualTo(3);

        handlerMethod("unregister").invoke(handler(agent), processor);
        registered.setRequestCount(5);
        // what it served stays in the totals; it no longer counts in them
        assertThat(global(agent).getRequestCount()).isEqualTo(3);
    }

    @Test
    void tomcatsOwnHandlerNamesEachProcessor() throws Exception {
        Http11NioProtocol stock = new Http11NioProtocol();
        Processor processor = registerNewProcessor(stock);
        RequestInfo registered = processor.getRequest().getRequestProcessor();
        try {
            assertThat(registered.getRpName()).isNotNull();
            assertThat(registered.getRpName().getKeyProperty("type")).isEqualTo("RequestProcessor");
        } finally {
            handlerMethod("unregister").invoke(handler(stock), processor);
        }
    }

    /** A processor made and registered as the connection handler does for a connection that finds none recycled. */
    private static Processor registerNewProcessor(AbstractHttp11Protocol<?> protocol) throws Exception {
        // the domain a connector's protocol gets when it is registered at start
        protocol.preRegister(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("AgentProtocolTest:type=ProtocolHandler,port=" + System.identityHashCode(protocol)));
        Processor processor = new Http11Processor(protocol, null);
        handlerMethod("register").invoke(handler(protocol), processor);
        return processor;
    }

    private static RequestGroupInfo global(AbstractProtocol<?> protocol) throws Exception {
        Object handler = handler(protocol);
        return (RequestGroupInfo) handler.getClass().getMethod("getGlobal").invoke(handler);
    }

    private static Object handler(AbstractProtocol<?> protocol) throws Exception {
        Method getHandler = AbstractProtocol.class.getDeclaredMethod("getHandler");
        getHandler.setAccessible(true);
        return getHandler.invoke(protocol);
    }

    private static Method handlerMethod(String name) throws Exception {
        Class<?> type = Class.forName("org.apache.coyote.AbstractProtocol$ConnectionHandler");
        Method method = type.getDeclaredMethod(name, Processor.class);
        method.setAccessible(true);
        return method;
    }
}
