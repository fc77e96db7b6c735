/** OpenKruise resource models and the validation rules both sides share. */
package dev.flotilla.api.kruise;
