package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.CharBuffer;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.junit.jupiter.api.Test;

/**
 * The agent port's requests really get the small reader buffer: if a Tomcat upgrade renames the field it is set
 * through, this fails instead of the agent port quietly going back to 16 KiB per parked poll.
 */
class AgentConnectorBuffersTest {

    @Test
    void anAgentPortRequestGetsAReaderBufferOf256CharsInsteadOfTomcats8192() throws Exception {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        Request plain = new Request(new Connector(), coyote);
        Request small = AgentConnectorConfiguration.withSmallReader(new Request(new Connector(), coyote), coyote);

        assertThat(readerChars(plain)).isEqualTo(InputBuffer.DEFAULT_BUFFER_SIZE);
        assertThat(readerChars(small)).isEqualTo(AgentConnectorConfiguration.READER_BUFFER_CHARS);
    }

    private static int readerChars(Request request) throws ReflectiveOperationException {
        Field input = Request.class.getDeclaredField("inputBuffer");
        input.setAccessible(true);
        Field cb = InputBuffer.class.getDeclaredField("cb");
        cb.setAccessible(true);
        return ((CharBuffer) cb.get(input.get(request))).capacity();
    }
}
