//! Text components: TextHeading, TextSubheading, TextBody, TextCaption, RichText.

use flow_model::{FontWeight, StringOrList};

use super::{builder, plain_component};

builder! {
    /// Large heading text (max 80 characters).
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let h = TextHeading::new("Book an appointment");
    /// # let _ = h;
    /// ```
    TextHeading => flow_model::TextHeading {
        new(text: Dyn String = "text");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
    }
}

builder! {
    /// Subheading text (max 80 characters).
    TextSubheading => flow_model::TextSubheading {
        new(text: Dyn String = "text");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
    }
}

builder! {
    /// Body text (max 4096 characters); a list of paragraphs from 5.1.
    ///
    /// ```
    /// use flow_dsl::builder::*;
    /// let b = TextBody::new("Thanks!").font_weight(FontWeight::Bold);
    /// let paragraphs = TextBody::new(["First.", "Second."]);
    /// # let _ = (b, paragraphs);
    /// ```
    TextBody => flow_model::TextBody {
        new(text: Dyn StringOrList = "text");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Font weight.
        font_weight: Dyn FontWeight = "font-weight";
        /// Strikethrough.
        strikethrough: Dyn bool = "strikethrough";
        /// Markdown subset (5.1+).
        markdown: Lit bool = "markdown";
    }
}

builder! {
    /// Caption text.
    TextCaption => flow_model::TextCaption {
        new(text: Dyn StringOrList = "text");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
        /// Font weight.
        font_weight: Dyn FontWeight = "font-weight";
        /// Strikethrough.
        strikethrough: Dyn bool = "strikethrough";
        /// Markdown subset (5.1+).
        markdown: Lit bool = "markdown";
    }
}

builder! {
    /// Markdown text with headings, lists, tables and inline images (5.1+).
    RichText => flow_model::RichText {
        new(text: Dyn StringOrList = "text");
        /// Whether it is shown.
        visible: Dyn bool = "visible";
    }
}

plain_component!(TextHeading, TextSubheading, TextBody, TextCaption, RichText);
