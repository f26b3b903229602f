#pragma once
/// \file schema.hpp
/// The declarative scenario schema. A model author declares every option once -- key, C++
/// member, default or required, range, unit, description -- and the same table drives loading
/// into a plain struct, strict validation, `help-config` text and the resolved YAML written to
/// results files. See scenarios/README.md for a worked example.
///
///     struct Mmc { double arrival_rate = 0; int servers = 3; };
///     sibsim::scenarios::Schema<Mmc> s("M/M/c queue");
///     s.field("arrival_rate", &Mmc::arrival_rate).required().positive().unit("1/day")
///         .doc("Mean arrivals per day");
///     s.field("servers", &Mmc::servers).default_from_struct().min(1).doc("Number of servers c");
///     Mmc m = s.load_file("scenario.yaml");   // throws ValidationErrors listing every problem
///
/// A default lives in one place: default_from_struct() takes the struct's default member
/// initialiser (here 3); default_value(v) states it in the schema instead.
///
/// yaml-cpp stays out of this header: all parsing, checking and writing lives in the library.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/scenarios/scalar_kind.hpp"

namespace sibsim::scenarios {

class Checker;

/// How Schema::to_yaml writes the resolved configuration.
struct EmitOptions {
  bool unit_comments = true;  ///< append `# unit` after values that have a unit
  std::string header;         ///< optional comment written first (one or more lines)
};

namespace detail {

class LoadContext;

/// A type-erased scalar; monostate means "no value" (an unset std::optional).
using Scalar = std::variant<std::monostate, bool, std::int64_t, double, std::string, engine::Date>;
enum class Shape { scalar, list, dict };

/// A type-erased option value: one scalar, a list of scalars or a string-keyed map of scalars.
struct Value {
  Scalar scalar;
  std::vector<Scalar> items;
  std::vector<std::pair<std::string, Scalar>> entries;
};

struct Bound {
  Scalar value;  ///< monostate: no bound
  bool inclusive = true;
  bool set() const noexcept { return !std::holds_alternative<std::monostate>(value); }
};

enum class OptionKind { value, section, list };

struct OptionSpec;

/// The options of one record (the whole scenario, a section, or one element of a list).
struct RecordSpec {
  std::string doc;
  std::vector<std::unique_ptr<OptionSpec>> options;
  std::vector<std::function<void(const void*, Checker&)>> checks;
};

/// One declared option. Filled in by the builders below; read by the library.
struct OptionSpec {
  std::string key;  ///< one path segment, e.g. "end"
  OptionKind kind = OptionKind::value;
  std::string doc;
  std::string unit;

  // kind == value
  ScalarKind scalar_kind = ScalarKind::text;
  Shape shape = Shape::scalar;
  bool nullable = false;  ///< std::optional member: absent or null means "not set"
  bool required = false;
  std::optional<Value> default_value;
  /// The member's value in a value-initialised struct (its default member initialiser), for
  /// default_from_struct(); empty when the struct is not default-constructible.
  std::function<Value()> struct_value;
  Bound lower, upper;  ///< for each scalar (each element of a list or map)
  std::int64_t int_min = std::numeric_limits<std::int64_t>::min();  ///< what the C++ type holds
  std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
  std::vector<std::string> choices;  ///< allowed strings (enums, one_of)
  std::size_t min_size = 0;          ///< entries of a list or map, or characters of a string
  std::size_t max_size = std::numeric_limits<std::size_t>::max();
  std::function<void(void*, const Value&)> set;
  std::function<Value(const void*)> get;

  // kind == section or list: the nested record
  std::unique_ptr<RecordSpec> record;
  bool group = false;  ///< a section that maps onto the same C++ object (dotted keys, group())
  std::function<void*(void*)> sub;
  std::function<const void*(const void*)> csub;
  /// An optional section (Record::optional_section): set_present(parent, given) records whether
  /// the file gives it; present(parent) false leaves it out of the written scenario.
  std::function<void(void*, bool)> set_present;
  std::function<bool(const void*)> present;

  // kind == list
  std::function<std::size_t(const void*)> size;
  std::function<void(void*, std::size_t)> resize;
  std::function<void*(void*, std::size_t)> at;
  std::function<const void*(const void*, std::size_t)> cat;
  std::string sorted_by;  ///< key of a scalar element field that must increase
  bool strictly_sorted = true;
  std::string unique_by;  ///< key of a scalar element field that must be unique
};

// Implemented in the library.
OptionSpec& add_option(RecordSpec& record, std::string_view key_path, OptionKind kind);
RecordSpec& add_group(RecordSpec& record, std::string_view key_path);
void validate(const RecordSpec& root);  ///< throws std::logic_error on a broken schema
void load(const RecordSpec& root, const Document& doc, void* object);
std::string emit(const RecordSpec& root, const void* object, const EmitOptions& options);
std::string help(const RecordSpec& root, std::string_view title);
std::vector<std::string> key_paths(const RecordSpec& root);

// ---- C++ type <-> Scalar ----------------------------------------------------------------
template <class E>
struct ScalarTraits {
  static constexpr bool supported = false;
};
template <>
struct ScalarTraits<bool> {
  static constexpr bool supported = true;
  static constexpr ScalarKind kind = ScalarKind::boolean;
  static Scalar to(bool v) { return v; }
  static bool from(const Scalar& s) { return std::get<bool>(s); }
};
template <std::integral E>
requires(!std::same_as<E, bool>) struct ScalarTraits<E> {
  static constexpr bool supported = true;
  static constexpr ScalarKind kind = ScalarKind::integer;
  static constexpr std::int64_t lowest =
      std::is_signed_v<E> ? static_cast<std::int64_t>(std::numeric_limits<E>::min()) : 0;
  static constexpr std::int64_t highest =
      std::cmp_less(std::numeric_limits<std::int64_t>::max(), std::numeric_limits<E>::max())
          ? std::numeric_limits<std::int64_t>::max()
          : static_cast<std::int64_t>(std::numeric_limits<E>::max());
  static Scalar to(E v) { return std::cmp_greater(v, highest) ? highest : static_cast<std::int64_t>(v); }
  static E from(const Scalar& s) { return static_cast<E>(std::get<std::int64_t>(s)); }
};
template <std::floating_point E>
struct ScalarTraits<E> {
  static constexpr bool supported = true;
  static constexpr ScalarKind kind = ScalarKind::number;
  static Scalar to(E v) { return static_cast<double>(v); }
  static E from(const Scalar& s) { return static_cast<E>(std::get<double>(s)); }
};
template <>
struct ScalarTraits<std::string> {
  static constexpr bool supported = true;
  static constexpr ScalarKind kind = ScalarKind::text;
  static Scalar to(const std::string& v) { return v; }
  static std::string from(const Scalar& s) { return std::get<std::string>(s); }
};
template <>
struct ScalarTraits<engine::Date> {
  static constexpr bool supported = true;
  static constexpr ScalarKind kind = ScalarKind::date;
  static Scalar to(const engine::Date& v) { return v; }
  static engine::Date from(const Scalar& s) { return std::get<engine::Date>(s); }
};

template <class E>
struct Codec {
  std::function<Scalar(const E&)> to;
  std::function<E(const Scalar&)> from;
};
template <class E>
Codec<E> default_codec() {
  return {[](const E& e) { return ScalarTraits<E>::to(e); },
          [](const Scalar& s) { return ScalarTraits<E>::from(s); }};
}

// ---- member type <-> Value ---------------------------------------------------------------
template <class V>
struct ValueTraits {
  using Elem = V;
  static constexpr Shape shape = Shape::scalar;
  static constexpr bool nullable = false;
  static Value to_value(const V& v, const Codec<Elem>& c) {
    Value x;
    x.scalar = c.to(v);
    return x;
  }
  static V from_value(const Value& x, const Codec<Elem>& c) { return c.from(x.scalar); }
};
template <class E>
struct ValueTraits<std::optional<E>> {
  using Elem = E;
  static constexpr Shape shape = Shape::scalar;
  static constexpr bool nullable = true;
  static Value to_value(const std::optional<E>& v, const Codec<Elem>& c) {
    Value x;
    if (v) x.scalar = c.to(*v);
    return x;
  }
  static std::optional<E> from_value(const Value& x, const Codec<Elem>& c) {
    if (std::holds_alternative<std::monostate>(x.scalar)) return std::nullopt;
    return c.from(x.scalar);
  }
};
template <class E, class A>
struct ValueTraits<std::vector<E, A>> {
  using Elem = E;
  static constexpr Shape shape = Shape::list;
  static constexpr bool nullable = false;
  static Value to_value(const std::vector<E, A>& v, const Codec<Elem>& c) {
    Value x;
    x.items.reserve(v.size());
    for (const E& e : v) x.items.push_back(c.to(e));
    return x;
  }
  static std::vector<E, A> from_value(const Value& x, const Codec<Elem>& c) {
    std::vector<E, A> v;
    v.reserve(x.items.size());
    for (const Scalar& s : x.items) v.push_back(c.from(s));
    return v;
  }
};
template <class E, class C, class A>
struct ValueTraits<std::map<std::string, E, C, A>> {
  using Elem = E;
  static constexpr Shape shape = Shape::dict;
  static constexpr bool nullable = false;
  static Value to_value(const std::map<std::string, E, C, A>& v, const Codec<Elem>& c) {
    Value x;
    for (const auto& [k, e] : v) x.entries.emplace_back(k, c.to(e));
    return x;
  }
  static std::map<std::string, E, C, A> from_value(const Value& x, const Codec<Elem>& c) {
    std::map<std::string, E, C, A> v;
    for (const auto& [k, s] : x.entries) v.emplace(k, c.from(s));
    return v;
  }
};

template <class E>
concept Ordered = std::is_arithmetic_v<E> || std::same_as<E, engine::Date>;

}  // namespace detail

/// Builder for one value option (a scalar, a list of scalars or a map of scalars). Returned
/// by Record::field and Record::choice. It is a small handle onto the schema table: every
/// setter writes the table and returns a copy of the handle for chaining. (Copies, not
/// references, so that `auto& f = r.field(...).required();` -- a reference to a temporary --
/// does not compile; write `auto f = ...`.) Ranges apply to each scalar (each element of a
/// list or map).
template <class V>
class Field {
 public:
  using Traits = detail::ValueTraits<V>;
  using Elem = typename Traits::Elem;

  Field(detail::OptionSpec* spec, detail::Codec<Elem> codec) : spec_(spec), codec_(std::move(codec)) {}

  /// The value used when the key is absent (written in help and in the resolved YAML).
  Field default_value(const V& v) {
    spec_->default_value = Traits::to_value(v, codec_);
    return *this;
  }
  /// The default is the member's value in a value-initialised struct, i.e. its default member
  /// initialiser: the default is declared once, in the struct, and the schema reads it from
  /// there. (For an option of a section or list element, the struct is the section's or the
  /// element's.) Throws std::logic_error if the struct is not default-constructible.
  Field default_from_struct() {
    if (!spec_->struct_value)
      throw std::logic_error("default_from_struct(): the struct of '" + spec_->key +
                             "' is not default-constructible");
    spec_->default_value = spec_->struct_value();
    return *this;
  }
  /// The key must be given; there is no default.
  Field required() {
    spec_->required = true;
    return *this;
  }
  Field min(const Elem& v) requires detail::Ordered<Elem> { return bound(spec_->lower, v, true); }
  Field max(const Elem& v) requires detail::Ordered<Elem> { return bound(spec_->upper, v, true); }
  /// Exclusive lower bound: value > v.
  Field above(const Elem& v) requires detail::Ordered<Elem> { return bound(spec_->lower, v, false); }
  /// Exclusive upper bound: value < v.
  Field below(const Elem& v) requires detail::Ordered<Elem> { return bound(spec_->upper, v, false); }
  /// Inclusive range [lo, hi].
  Field range(const Elem& lo, const Elem& hi) requires detail::Ordered<Elem> { return min(lo).max(hi); }
  /// > 0
  Field positive() requires std::is_arithmetic_v<Elem> { return above(Elem{0}); }
  /// >= 0
  Field non_negative() requires std::is_arithmetic_v<Elem> { return min(Elem{0}); }
  /// [0, 1]
  Field probability() requires std::floating_point<Elem> { return range(Elem{0}, Elem{1}); }
  /// The string must be one of `names`.
  Field one_of(std::vector<std::string> names) requires std::same_as<Elem, std::string> {
    spec_->choices = std::move(names);
    return *this;
  }
  /// Lists and maps: number of entries; strings: number of characters.
  Field min_size(std::size_t n) {
    spec_->min_size = n;
    return *this;
  }
  Field max_size(std::size_t n) {
    spec_->max_size = n;
    return *this;
  }
  Field non_empty() { return min_size(1); }
  Field unit(std::string u) {
    spec_->unit = std::move(u);
    return *this;
  }
  Field doc(std::string text) {
    spec_->doc = std::move(text);
    return *this;
  }

 private:
  Field bound(detail::Bound& b, const Elem& v, bool inclusive) {
    b.value = codec_.to(v);
    b.inclusive = inclusive;
    return *this;
  }
  detail::OptionSpec* spec_;
  detail::Codec<Elem> codec_;
};

/// Builder for a nested section (a YAML mapping bound to a member struct).
class SectionHandle {
 public:
  explicit SectionHandle(detail::OptionSpec* spec) : spec_(spec) {}
  SectionHandle doc(std::string text) {
    spec_->doc = std::move(text);
    return *this;
  }

 private:
  detail::OptionSpec* spec_;
};

/// Builder for a list of records (a YAML sequence of mappings bound to std::vector<R>).
class ListHandle {
 public:
  explicit ListHandle(detail::OptionSpec* spec) : spec_(spec) {}
  ListHandle doc(std::string text) {
    spec_->doc = std::move(text);
    return *this;
  }
  /// The list must be given, with at least one entry.
  ListHandle required() {
    spec_->required = true;
    return min_size(spec_->min_size > 0 ? spec_->min_size : 1);
  }
  ListHandle min_size(std::size_t n) {
    spec_->min_size = n;
    return *this;
  }
  ListHandle max_size(std::size_t n) {
    spec_->max_size = n;
    return *this;
  }
  ListHandle non_empty() { return min_size(1); }
  /// Entries must be in increasing order of the element field `key` (a date, number or
  /// string), strictly unless `strict` is false. Typical for dated schedules.
  ListHandle sorted_by(std::string key, bool strict = true) {
    spec_->sorted_by = std::move(key);
    spec_->strictly_sorted = strict;
    return *this;
  }
  /// No two entries may have the same value of the element field `key` (e.g. names).
  ListHandle unique_by(std::string key) {
    spec_->unique_by = std::move(key);
    return *this;
  }

 private:
  detail::OptionSpec* spec_;
};

/// Declares the options of a C++ struct T. Keys may be dotted ("recruitment.end") to nest
/// them in YAML sections while T stays flat.
template <class T>
class Record {
 public:
  explicit Record(detail::RecordSpec* spec) : spec_(spec) {}

  /// A value option bound to a data member. V may be bool, an integer type, float/double,
  /// std::string, engine::Date, std::optional of these, std::vector of these, or
  /// std::map<std::string, ...> of these. Use choice() for enums.
  template <class V>
  Field<V> field(std::string_view key, V T::*member) {
    using Elem = typename detail::ValueTraits<V>::Elem;
    static_assert(detail::ScalarTraits<Elem>::supported,
                  "unsupported option type: use bool, integers, double, std::string, engine::Date "
                  "(optionally in std::optional, std::vector or std::map<std::string, .>); "
                  "enums go through choice()");
    auto codec = detail::default_codec<Elem>();
    detail::OptionSpec& s = make_spec<V>(
        key, [member](const T& t) -> const V& { return t.*member; },
        [member](T& t, V v) { t.*member = std::move(v); }, codec, detail::ScalarTraits<Elem>::kind);
    return Field<V>(&s, std::move(codec));
  }

  /// A value option with accessor functions, for members that are not stored as written (for
  /// example a rate given per month but kept per day). get: V(const T&); set: void(T&, V).
  template <class V, class Get, class Set>
  Field<V> field(std::string_view key, Get get, Set set) {
    using Elem = typename detail::ValueTraits<V>::Elem;
    static_assert(detail::ScalarTraits<Elem>::supported, "unsupported option type");
    auto codec = detail::default_codec<Elem>();
    detail::OptionSpec& s =
        make_spec<V>(key, std::move(get), std::move(set), codec, detail::ScalarTraits<Elem>::kind);
    return Field<V>(&s, std::move(codec));
  }

  /// An enum option written as one of `names` in YAML.
  template <class E>
  requires std::is_enum_v<E> Field<E> choice(std::string_view key, E T::*member,
                                             std::initializer_list<std::pair<std::string_view, E>> names) {
    std::vector<std::pair<std::string, E>> table;
    std::vector<std::string> labels;
    for (const auto& [n, e] : names) {
      table.emplace_back(std::string(n), e);
      labels.emplace_back(n);
    }
    detail::Codec<E> codec{[table](const E& e) -> detail::Scalar {
                             for (const auto& [n, v] : table)
                               if (v == e) return n;
                             return std::string("<unnamed enum value>");
                           },
                           [table](const detail::Scalar& s) -> E {
                             const auto& text = std::get<std::string>(s);
                             for (const auto& [n, v] : table)
                               if (n == text) return v;
                             return E{};
                           }};
    detail::OptionSpec& s = make_spec<E>(
        key, [member](const T& t) -> const E& { return t.*member; }, [member](T& t, E v) { t.*member = v; },
        codec, ScalarKind::text);
    s.choices = std::move(labels);
    return Field<E>(&s, std::move(codec));
  }

  /// A nested section bound to a member struct R; `declare` receives a Record<R>& and declares
  /// its options. An absent section takes every default (and reports its required keys).
  template <class R, class Declare>
  SectionHandle section(std::string_view key, R T::*member, Declare&& declare) {
    detail::OptionSpec& s = detail::add_option(*spec_, key, detail::OptionKind::section);
    s.record = std::make_unique<detail::RecordSpec>();
    s.sub = [member](void* o) -> void* { return &(static_cast<T*>(o)->*member); };
    s.csub = [member](const void* o) -> const void* { return &(static_cast<const T*>(o)->*member); };
    Record<R> nested(s.record.get());
    std::forward<Declare>(declare)(nested);
    return SectionHandle(&s);
  }

  /// A list of records bound to std::vector<R>; `declare` declares R's options. Absent means
  /// empty unless required()/min_size() say otherwise.
  template <class R, class A, class Declare>
  ListHandle list(std::string_view key, std::vector<R, A> T::*member, Declare&& declare) {
    detail::OptionSpec& s = detail::add_option(*spec_, key, detail::OptionKind::list);
    s.record = std::make_unique<detail::RecordSpec>();
    s.size = [member](const void* o) { return (static_cast<const T*>(o)->*member).size(); };
    s.resize = [member](void* o, std::size_t n) { (static_cast<T*>(o)->*member).resize(n); };
    s.at = [member](void* o, std::size_t i) -> void* { return &(static_cast<T*>(o)->*member)[i]; };
    s.cat = [member](const void* o, std::size_t i) -> const void* {
      return &(static_cast<const T*>(o)->*member)[i];
    };
    Record<R> element(s.record.get());
    std::forward<Declare>(declare)(element);
    return ListHandle(&s);
  }

  /// A YAML section whose keys bind to members of this same struct T (what dotted keys create
  /// implicitly). Use it to give the section a description or to attach checks to it.
  Record<T> group(std::string_view key, std::string doc = {}) {
    detail::RecordSpec& g = detail::add_group(*spec_, key);
    if (!doc.empty()) g.doc = std::move(doc);
    return Record<T>(&g);
  }

  /// Makes the section `key` of this record (declared with section() or group()) one a scenario
  /// may leave out. Absent (or `key:` alone), none of its keys is read or required and
  /// `set(t, false)` records that; given, `set(t, true)`. The written (resolved) scenario omits it
  /// while `present(t)` is false.
  Record optional_section(std::string_view key, std::function<bool(const T&)> present,
                          std::function<void(T&, bool)> set) {
    for (auto& o : spec_->options) {
      if (o->key != key || o->kind != detail::OptionKind::section) continue;
      o->present = [present = std::move(present)](const void* x) {
        return present(*static_cast<const T*>(x));
      };
      o->set_present = [set = std::move(set)](void* x, bool given) { set(*static_cast<T*>(x), given); };
      return *this;
    }
    throw std::logic_error("optional_section: no section '" + std::string(key) + "' declared here");
  }

  /// A cross-field check, run after this record loaded without errors. Report problems with
  /// Checker::error(key, message); the key is relative to this record.
  Record check(std::function<void(const T&, Checker&)> fn) {
    spec_->checks.push_back(
        [fn = std::move(fn)](const void* o, Checker& c) { fn(*static_cast<const T*>(o), c); });
    return *this;
  }

  /// Description of this record (the whole scenario, a section or a list element).
  Record doc(std::string text) {
    spec_->doc = std::move(text);
    return *this;
  }

 protected:
  detail::RecordSpec* spec_;

 private:
  template <class V, class Get, class Set>
  detail::OptionSpec& make_spec(std::string_view key, Get get, Set set,
                                const detail::Codec<typename detail::ValueTraits<V>::Elem>& codec,
                                ScalarKind kind) {
    using Tr = detail::ValueTraits<V>;
    detail::OptionSpec& s = detail::add_option(*spec_, key, detail::OptionKind::value);
    s.scalar_kind = kind;
    s.shape = Tr::shape;
    s.nullable = Tr::nullable;
    if constexpr (std::integral<typename Tr::Elem> && !std::same_as<typename Tr::Elem, bool>) {
      s.int_min = detail::ScalarTraits<typename Tr::Elem>::lowest;
      s.int_max = detail::ScalarTraits<typename Tr::Elem>::highest;
    }
    s.set = [set, codec](void* o, const detail::Value& v) {
      set(*static_cast<T*>(o), Tr::from_value(v, codec));
    };
    s.get = [get, codec](const void* o) { return Tr::to_value(get(*static_cast<const T*>(o)), codec); };
    if constexpr (std::is_default_constructible_v<T>) {
      s.struct_value = [get, codec] {
        const T fresh{};
        return Tr::to_value(get(fresh), codec);
      };
    }
    return s;
  }
};

/// The schema of a whole scenario type T: a Record<T> for the top-level keys plus the entry
/// points. Copies share one table. Loading is const and thread-safe.
template <class T>
class Schema : public Record<T> {
 public:
  /// `title` heads the help text (e.g. "M/M/c queue scenario").
  explicit Schema(std::string title = {})
      : Schema(std::make_shared<detail::RecordSpec>(), std::move(title)) {}

  /// Binds a parsed document. Throws ValidationErrors with every problem found, and
  /// std::logic_error if the schema itself is inconsistent.
  T load(const Document& doc) const {
    T out{};
    load_into(doc, out);
    return out;
  }
  /// As load(), into an existing object (members the schema does not bind are kept).
  void load_into(const Document& doc, T& out) const { detail::load(*table_, doc, &out); }
  T load_file(const std::string& path, const Limits& limits = {}) const {
    return load(Document::from_file(path, limits));
  }
  T load_string(std::string_view yaml, std::string file_name = "<string>", const Limits& limits = {}) const {
    return load(Document::from_string(yaml, std::move(file_name), limits));
  }
  /// The resolved configuration: every key with its effective value, in schema order. Loading
  /// this text gives back an equal T.
  std::string to_yaml(const T& value, const EmitOptions& options = {}) const {
    return detail::emit(*table_, &value, options);
  }
  /// The `help-config` reference: every key with type, default, range, unit and description.
  std::string help() const { return detail::help(*table_, title_); }
  /// Every key path ("mmc.servers", "prisons[].name"), in schema order.
  std::vector<std::string> keys() const { return detail::key_paths(*table_); }
  /// Checks the schema itself (every option has a default or is required, defaults satisfy
  /// their own ranges, ...); throws std::logic_error. The entry points above call it too.
  void validate() const { detail::validate(*table_); }

 private:
  Schema(std::shared_ptr<detail::RecordSpec> table, std::string title)
      : Record<T>(table.get()), table_(std::move(table)), title_(std::move(title)) {}
  std::shared_ptr<detail::RecordSpec> table_;
  std::string title_;
};

/// Handed to cross-field checks. Keys are relative to the record the check is attached to.
class Checker {
 public:
  Checker(detail::LoadContext& context, std::string prefix)
      : context_(&context), prefix_(std::move(prefix)) {}
  /// Reports `message` at the position of `key` ("end", "shares[2]", "prisons[0].stop"); if
  /// the key is absent from the file (a default is in effect), at its nearest written parent.
  void error(std::string_view key, std::string_view message);
  /// The full key path of `key`, for messages ("recruitment.start").
  std::string path(std::string_view key) const;

 private:
  detail::LoadContext* context_;
  std::string prefix_;
};

}  // namespace sibsim::scenarios
