/** Typed OpenKruise resource models, Kruise int-or-percent arithmetic and the manifest rules both sides share. */
package dev.flotilla.api.kruise;
