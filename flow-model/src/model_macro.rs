//! `model_struct!`: one declaration gives a typed struct with an `extra` map, its lossless
//! streaming reader, its canonical serializer, and its property table.

/// See the module docs. Field types must implement `ReadField`, `Serialize` and `PropValue`.
macro_rules! model_struct {
    (@common
        $(#[$m:meta])*
        $name:ident $(tag $tagkey:literal = $tag:literal)? {
            $( $(#[$fm:meta])* $field:ident : $ty:ty = $key:literal => $spec:expr ),* $(,)?
        }
    ) => {
        $(#[$m])*
        ///
        /// Every field is optional in the struct: which ones Meta requires depends on the version,
        /// and documents read from files may lack them. The validator reports what is missing.
        /// `extra` keeps unknown properties, and known ones whose value has the wrong JSON type.
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fm])* #[doc = concat!("\n\nJSON key: `", $key, "`.")] pub $field: Option<$ty>, )*
            /// Properties not modelled by this struct, or with a value of the wrong type.
            pub extra: $crate::json::Extra,
        }

        impl $name {
            /// The properties of this object, with versions and limits, in canonical order.
            // One static behind the constant: every use of `PROPS` (this type's
            // `present_props`, the component table) then points at the same entries, so the
            // validator matches an entry by address instead of comparing names.
            pub const PROPS: &'static [$crate::table::PropSpec] = {
                static TABLE: [$crate::table::PropSpec; [$( $key ),*].len()] = [
                    $( $crate::table::PropSpec {
                        name: $key,
                        json: <$ty as $crate::table::JsonShape>::JSON,
                        dynamic: <$ty as $crate::table::JsonShape>::DYNAMIC,
                        ..$spec
                    }, )*
                ];
                &TABLE
            };

        }

        impl $crate::read::ObjectFields for $name {
            fn read_field<'de, D: serde::Deserializer<'de>>(
                &mut self,
                key: String,
                d: D,
            ) -> Result<(), D::Error> {
                // A key written twice: the last value wins, whether it is well typed (field) or
                // not (extra), so that one key never comes out twice.
                match key.as_str() {
                    $( $key => match {
                        if self.$field.is_some() || self.extra.contains_key(&key) {
                            $crate::read::note_duplicate();
                        }
                        <$ty as $crate::read::ReadField>::read(d)?
                    } {
                        Ok(v) => {
                            self.$field = Some(v);
                            if !self.extra.is_empty() {
                                self.extra.shift_remove(&key);
                            }
                        }
                        Err(raw) => {
                            self.$field = None;
                            self.extra.insert(key, raw);
                        }
                    }, )*
                    _ => {
                        let v = $crate::read::read_value(d)?;
                        if self.extra.insert(key, v).is_some() {
                            $crate::read::note_duplicate();
                        }
                    }
                }
                Ok(())
            }
        }

        impl $name {
            /// The present properties, each with its table entry, in canonical order.
            pub fn present_props(&self) -> Vec<(&'static $crate::table::PropSpec, &dyn $crate::read::PropValue)> {
                let mut out = Vec::new();
                self.present_props_into(&mut out);
                out
            }

            /// [`Self::present_props`] into `out` (cleared first), so that a caller visiting many
            /// objects can reuse one buffer instead of allocating per object.
            pub fn present_props_into<'s>(&'s self, out: &mut Vec<(&'static $crate::table::PropSpec, &'s dyn $crate::read::PropValue)>) {
                out.clear();
                let mut _i = 0usize;
                $(
                    if let Some(v) = &self.$field {
                        out.push((&Self::PROPS[_i], v));
                    }
                    _i += 1;
                )*
            }

            fn serialize_fields<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                $( if let Some(v) = &self.$field { m.serialize_entry($key, v)?; } )*
                for (k, v) in &self.extra {
                    m.serialize_entry(k, v)?;
                }
                Ok(())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                // serde_json only uses the length to special-case `{}`; counting present fields
                // would cost a second pass over every Option on the hot serialization path.
                let mut m = s.serialize_map(None)?;
                $( m.serialize_entry($tagkey, $tag)?; )?
                self.serialize_fields(&mut m)?;
                m.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<String>()? {
                            map.next_value_seed($crate::read::FieldSeed { target: &mut out, key })?;
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }


        impl $crate::read::PropValue for $name {}

        impl $name {
            /// Sets the property `key` from JSON, as the parser would: into its typed field when
            /// `key` is known and `value` has an accepted type, otherwise kept in `extra`
            /// (where the validator reports it). Known keys keep their canonical place in the
            /// output whichever way they were set.
            pub fn set_prop(&mut self, key: impl Into<String>, value: serde_json::Value) {
                $crate::read::read_owned(self, key.into(), value)
            }
        }

        impl $crate::table::JsonShape for $name {
            const JSON: $crate::table::JsonTypes = $crate::table::JsonTypes::OBJECT;
        }
    };
    (@streamed $($t:tt)*) => {
        $crate::model_macro::model_struct!(@common $($t)*);
        $crate::model_macro::model_struct!(@stream_impl $($t)*);
    };
    (@stream_impl $(#[$m:meta])* $name:ident $($rest:tt)*) => {
        impl $crate::read::ReadField for $name {
            fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<Self, serde_json::Value>, D::Error> {
                $crate::read::read_object(d)
            }
        }
        impl $crate::read::ReadField for Vec<$name> {
            fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<Self, serde_json::Value>, D::Error> {
                $crate::read::read_object_list(d)
            }
        }
    };
    (@from_json_impl $(#[$m:meta])* $name:ident $($rest:tt)*) => {
        impl $crate::json::FromJson for $name {
            fn from_json(v: serde_json::Value) -> Result<Self, serde_json::Value> {
                let serde_json::Value::Object(map) = v else { return Err(v) };
                let mut out = $name::default();
                for (k, v) in map {
                    $crate::read::read_owned(&mut out, k, v);
                }
                Ok(out)
            }
        }
    };
    ($($t:tt)*) => {
        $crate::model_macro::model_struct!(@common $($t)*);
        $crate::model_macro::model_struct!(@from_json_impl $($t)*);
    };
}

pub(crate) use model_struct;
