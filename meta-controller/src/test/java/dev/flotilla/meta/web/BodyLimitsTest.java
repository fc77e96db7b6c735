package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodyLimitsTest {

    private static final byte[] REPORT = "{\"reports\":[{\"workId\":\"w-1\",\"phase\":\"Progressing\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void readsABodyOfDeclaredLengthWhole() throws Exception {
        assertThat(BodyLimits.read(request(REPORT, REPORT.length))).isEqualTo(REPORT);
    }

    @Test
    void readsABodyWithoutALengthToItsEnd() throws Exception {
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 'x');

        assertThat(BodyLimits.read(request(REPORT, -1))).isEqualTo(REPORT);
        assertThat(BodyLimits.read(request(large, -1))).isEqualTo(large);
    }

    @Test
    void givesWhatArrivedWhenTheConnectionEndsBeforeTheDeclaredLength() throws Exception {
        assertThat(BodyLimits.read(request(REPORT, REPORT.length + 100))).isEqualTo(REPORT);
    }

    @Test
    void failsPastTheLimitBehindTheRequestLimitFilter() throws Exception {
        byte[] over = new byte[(int) RequestLimitFilter.MAX_BODY_BYTES + 10];
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/agent/v1/status");
        chunked.setContent(over);
        HttpServletRequest withoutLength = new HttpServletRequestWrapper(chunked) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();

        new RequestLimitFilter().doFilter(withoutLength, new MockHttpServletResponse(), (request, response) -> {
            try {
                BodyLimits.read((HttpServletRequest) request);
            } catch (IOException e) {
                failure.set(e);
            }
        });

        assertThat(failure.get()).isNotNull().satisfies(e -> assertThat(BodyLimits.exceeded(e)).isTrue());
    }

    @Test
    void answersABodyPastTheLimit413AndGivesNoBody() throws Exception {
        byte[] over = new byte[(int) RequestLimitFilter.MAX_BODY_BYTES + 10];
        MockHttpServletResponse answer = new MockHttpServletResponse();
        AtomicReference<byte[]> read = new AtomicReference<>(new byte[0]);

        new RequestLimitFilter().doFilter(request(over, -1), answer,
                (request, response) -> read.set(BodyLimits.readOrRefuse((HttpServletRequest) request, answer)));

        assertThat(read.get()).isNull();
        assertThat(answer.getStatus()).isEqualTo(413);
        assertThat(answer.getContentAsString()).contains("payload-too-large")
                .contains("larger than " + RequestLimitFilter.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void givesABodyWithinTheLimitAndAnswersNothing() throws Exception {
        MockHttpServletResponse answer = new MockHttpServletResponse();

        assertThat(BodyLimits.readOrRefuse(request(REPORT, REPORT.length), answer)).isEqualTo(REPORT);
        assertThat(answer.isCommitted()).isFalse();
        assertThat(answer.getContentAsString()).isEmpty();
    }

    private static HttpServletRequest request(byte[] body, long declared) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/agent/v1/status");
        request.setContent(body);
        return new HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return declared;
            }

            @Override
            public int getContentLength() {
                return (int) declared;
            }
        };
    }
}
