package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.json.JsonMapper;

class ApiOperationsTest {

    private static final String DOCUMENT = """
            {"paths": {"/api/v1/things/{id}": {"get": {"parameters": [
                {"name": "id", "in": "path", "schema": {"type": "integer", "format": "int64"}},
                {"name": "filter", "in": "query", "schema": {"$ref": "#/components/schemas/Filter"}}]}}},
             "components": {"schemas": {"Filter": {"type": "object", "properties": {
                "state": {"type": "string"}, "limit": {"type": "integer"}}}}}}""";

    /** A handler the document leaves out (as an API excluded from it would be) is walked all the same. */
    @Test
    void walksTheDocumentsOperationsAndEveryFlotillaHandlerItLeavesOut() throws Exception {
        HandlerMethod hidden = new HandlerMethod(this, ApiOperationsTest.class.getDeclaredMethod("hidden"));
        Map<RequestMappingInfo, HandlerMethod> handlers = Map.of(
                RequestMappingInfo.paths("/agent/v1/things/{name:[a-z]+}").methods(RequestMethod.PUT).build(), hidden,
                RequestMappingInfo.paths("/api/v1/things/{id}").methods(RequestMethod.GET).build(), hidden);

        ApiOperations operations = ApiOperations.of(JsonMapper.builder().build().readTree(DOCUMENT), handlers);

        assertThat(operations.all()).extracting(ApiOperation::id)
                .containsExactly("GET /api/v1/things/{id}", "PUT /agent/v1/things/{name}");
        ApiOperation documented = operations.all().get(0);
        assertThat(documented.documented()).isTrue();
        assertThat(documented.in("query")).extracting(ApiOperation.Parameter::name).containsExactly("state", "limit");
        ApiOperation undocumented = operations.all().get(1);
        assertThat(undocumented.documented()).isFalse();
        assertThat(undocumented.in("path")).extracting(ApiOperation.Parameter::name).containsExactly("name");
        assertThat(undocumented.hasBody()).isTrue();
    }

    void hidden() {
        // a handler method for the mapping above
    }
}
