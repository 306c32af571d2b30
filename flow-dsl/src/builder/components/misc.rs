//! Footer, EmbeddedLink, Image, ImageCarousel, NavigationList.

use flow_model::{CarouselAspectRatio, CarouselImage, MediaSize, ScaleType};
use serde_json::Number;

use super::items::NavItem;
use super::{builder, plain_component};

builder! {
    /// The bottom call-to-action button; one per screen, required on terminal screens.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let f = Footer::new("Submit", complete()).center_caption("Step 2/2");
    /// # let _ = f;
    /// ```
    Footer => flow_model::Footer {
        new(label: Dyn String = "label", on_click_action: Act Action = "on-click-action");
        /// Left caption (max 15), only with `right-caption`.
        left_caption: Dyn String = "left-caption";
        /// Center caption (max 15), alone.
        center_caption: Dyn String = "center-caption";
        /// Right caption (max 15).
        right_caption: Dyn String = "right-caption";
        /// Whether it can be pressed.
        enabled: Dyn bool = "enabled";
    }
}

builder! {
    /// A text link (max 2 per screen).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let l = EmbeddedLink::new("Privacy policy", open_url("https://example.com/privacy"));
    /// # let _ = l;
    /// ```
    EmbeddedLink => flow_model::EmbeddedLink {
        new(text: Dyn String = "text", on_click_action: Act Action = "on-click-action");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
    }
}

builder! {
    /// An image from base64 data (max 3 per screen).
    Image => flow_model::Image {
        new(src: Dyn String = "src");
        /// Width.
        width: Dyn i64 = "width";
        /// Height.
        height: Dyn i64 = "height";
        /// `cover` or `contain` (default).
        scale_type: Dyn ScaleType = "scale-type";
        /// Aspect ratio (default 1).
        aspect_ratio: Dyn Number = "aspect-ratio";
        /// Image description.
        alt_text: Dyn String = "alt-text";
        /// Whether it is shown (UNCONFIRMED by Meta's table).
        visible: Dyn bool = "visible";
    }
}

builder! {
    /// 1–3 swipeable images (7.1+).
    ImageCarousel => flow_model::ImageCarousel {
        new(images: Dyn Vec<CarouselImage> = "images");
        /// `4:3` (default) or `16:9`.
        aspect_ratio: Dyn CarouselAspectRatio = "aspect-ratio";
        /// `contain` (default) or `cover`.
        scale_type: Dyn ScaleType = "scale-type";
        /// Whether it is shown (UNCONFIRMED by Meta's table).
        visible: Dyn bool = "visible";
    }
}

builder! {
    /// A list of tappable items (6.2+); alone on its screen.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let mut flow = Flow::new("7.3");
    /// let pick = flow.screen("PICK");
    /// let plan = flow.screen("PLAN");
    /// let list = NavigationList::new("plans", vec![
    ///     NavItem::new("a", "Plan A").on_click_action(navigate(plan)),
    /// ]);
    /// flow.at(pick).child(list);
    /// # let _ = plan;
    /// ```
    NavigationList => flow_model::NavigationList {
        new(name: Lit String = "name", list_items: Dyn Vec<NavItem> = "list-items");
        /// Label (max 80).
        label: Dyn String = "label";
        /// Description (max 300).
        description: Dyn String = "description";
        /// `regular` (default) or `large`.
        media_size: Dyn MediaSize = "media-size";
        /// On the component or on every item, never both.
        on_click_action: Act Action = "on-click-action";
    }
}

plain_component!(Footer, EmbeddedLink, Image, ImageCarousel, NavigationList);
