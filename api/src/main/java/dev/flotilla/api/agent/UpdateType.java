package dev.flotilla.api.agent;

/** How Kruise replaces a pod when its template changes. */
public enum UpdateType {
    ReCreate, InPlaceIfPossible, InPlaceOnly
}
