//! Placing the Site view's webview over the preview pane.
//!
//! On Linux, wry packs a child webview into the window's vertical box
//! beside the main one, where it can be neither moved nor sized (Tauri's
//! `set_bounds` only moves webviews in a `GtkFixed`). So the first time,
//! the main webview is wrapped in a `GtkOverlay` and the site webview laid
//! over it, placed by its margins and size request in the window's CSS
//! pixels (what `getBoundingClientRect` gives the page). GTK is touched on
//! its main thread only (`with_webview` runs the closure there).

use postdesk_core::wire::Bounds;
use tauri::Webview;

#[cfg(target_os = "linux")]
mod gtk_overlay {
    use gtk::prelude::*;
    use postdesk_core::wire::Bounds;

    /// Lays `site` over its sibling (the main webview) in an overlay.
    pub(super) fn embed(site: &gtk::Widget) -> Option<()> {
        let vbox: gtk::Box = site.parent()?.downcast().ok()?;
        let overlay = match vbox
            .children()
            .into_iter()
            .find_map(|c| c.downcast::<gtk::Overlay>().ok())
        {
            Some(overlay) => overlay,
            None => {
                let main = vbox.children().into_iter().find(|c| c != site)?;
                let overlay = gtk::Overlay::new();
                // `main` is held here, so taking it out does not destroy it.
                vbox.remove(&main);
                overlay.add(&main);
                vbox.pack_start(&overlay, true, true, 0);
                overlay.show();
                overlay
            }
        };
        vbox.remove(site);
        overlay.add_overlay(site);
        site.set_halign(gtk::Align::Start);
        site.set_valign(gtk::Align::Start);
        Some(())
    }

    pub(super) fn place(site: &gtk::Widget, bounds: Option<Bounds>) {
        match bounds {
            Some(b) if b.width >= 1.0 && b.height >= 1.0 => {
                site.set_margin_start(b.x.round() as i32);
                site.set_margin_top(b.y.round() as i32);
                site.set_size_request(b.width.round() as i32, b.height.round() as i32);
                site.show();
            }
            _ => site.hide(),
        }
    }
}

/// Lays the new site webview over the preview pane at `bounds`.
pub(crate) fn embed(webview: &Webview, bounds: Bounds) {
    #[cfg(target_os = "linux")]
    {
        let done = webview.with_webview(move |platform| {
            use gtk::prelude::*;
            let site: gtk::Widget = platform.inner().upcast();
            if gtk_overlay::embed(&site).is_none() {
                eprintln!("postdesk: the Site view could not be laid over the preview");
            }
            gtk_overlay::place(&site, Some(bounds));
        });
        if let Err(e) = done {
            eprintln!("postdesk: the Site view could not be placed: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    place(webview, Some(bounds));
}

/// Moves the site webview to `bounds`, or hides it.
pub(crate) fn place(webview: &Webview, bounds: Option<Bounds>) {
    #[cfg(target_os = "linux")]
    {
        let done = webview.with_webview(move |platform| {
            use gtk::prelude::*;
            gtk_overlay::place(&platform.inner().upcast(), bounds);
        });
        if let Err(e) = done {
            eprintln!("postdesk: the Site view could not be placed: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let result = match bounds {
            Some(b) => webview
                .set_bounds(tauri::Rect {
                    position: tauri::LogicalPosition::new(b.x, b.y).into(),
                    size: tauri::LogicalSize::new(b.width, b.height).into(),
                })
                .and_then(|()| webview.show()),
            None => webview.hide(),
        };
        if let Err(e) = result {
            eprintln!("postdesk: the Site view could not be placed: {e}");
        }
    }
}
