/**
 * Maintenance windows: when a cluster may be changed ({@code /api/v1/clusters/{name}/maintenance-window}), and the
 * gate campaign kinds ask before starting a target ({@link dev.flotilla.meta.window.WindowGate}).
 */
package dev.flotilla.meta.window;
