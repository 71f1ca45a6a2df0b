package dev.nightjar.desktop.ui.workbench;

/**
 * Where the data in the store comes from, as the session bar names it.
 *
 * @param live      true while a sensor streams; false for a bundle opened offline
 * @param title     e.g. "kind-dev · 2 nodes" or "incident-4211.njcap"
 * @param banner    for offline data: where and when it was captured; empty when live
 */
public record CaptureSource(boolean live, String title, String banner) {
}
