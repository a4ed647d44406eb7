// Checking what a person typed into a matter's form, field by field, with the problem in plain words.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/bundle.h"

namespace ow::core {

/** What is wrong with a value: a UI key ("form.*") and the values its text needs. */
struct FieldProblem {
    std::string key;
    std::map<std::string, std::string> values;
};

/**
 * The problem with a value for a field, or none. today is YYYY-MM-DD (dates are checked to be real days).
 * Text must be at most maxLength characters with no control characters; a number whole and within min..max;
 * a choice the index of one; a phone a mainland mobile (1[3-9] and 9 digits) or a landline with its area code;
 * an ID number 18 characters whose check character is right (GB 11643); digits exactly maxLength of 0-9.
 */
std::optional<FieldProblem> checkField(const FormField& field, std::string_view value);

}  // namespace ow::core
