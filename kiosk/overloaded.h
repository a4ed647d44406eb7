// Overloaded{…}: one lambda per alternative of a std::variant, for std::visit (a missing one does not compile).
#pragma once

namespace ow::core {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace ow::core
