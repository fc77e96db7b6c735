package dev.flotilla.meta.window;

import dev.flotilla.meta.token.ApiCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters/{name}/maintenance-window}: when a cluster may be disrupted (writes: operator). */
@RestController
@RequestMapping("/api/v1/clusters/{name}/maintenance-window")
class MaintenanceWindowController {

    /** @param duration ISO-8601 ({@code PT4H}) or whole minutes ({@code 240}) */
    record WindowRequest(@NotEmpty List<String> days, @NotNull String start, @NotNull String duration,
            @NotNull String timeZone) {
    }

    /** A window as served, with whether it is open now and when it next opens. */
    record WindowView(List<String> days, String start, String duration, long durationMinutes, String timeZone,
            boolean openNow, Instant nextStart) {
    }

    private final MaintenanceWindowService windows;
    private final MaintenanceWindows arithmetic;

    MaintenanceWindowController(MaintenanceWindowService windows, MaintenanceWindows arithmetic) {
        this.windows = windows;
        this.arithmetic = arithmetic;
    }

    @PutMapping
    WindowView put(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name,
            @Valid @RequestBody WindowRequest request) {
        MaintenanceWindow window = MaintenanceWindowInput.parse(request.days(), request.start(), request.duration(),
                request.timeZone());
        return view(windows.put(caller, name, window));
    }

    @GetMapping
    WindowView get(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        return view(windows.get(caller, name));
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal ApiCaller caller, @PathVariable String name) {
        windows.delete(caller, name);
    }

    private WindowView view(MaintenanceWindow window) {
        Instant now = Instant.now(arithmetic.clock());
        return new WindowView(MaintenanceWindowService.dayNames(window), window.start().toString(),
                window.duration().toString(), window.duration().toMinutes(), window.timeZone().getId(),
                arithmetic.isOpen(window, now), arithmetic.nextStart(window, now).orElse(null));
    }
}
