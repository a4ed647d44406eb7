// Resident ID numbers (GB 11643): the check character, and whether a typed or sent number can be one.
#pragma once

#include <string>
#include <string_view>

namespace ow::protocol {

/** The check character of the first 17 digits of an ID number: '0'–'9' or 'X'. */
char idCheckDigit(std::string_view first17);
/** Why `id` cannot be a resident ID number (length, digits, birth date, check character), or "". */
std::string idNumberProblem(std::string_view id);

}  // namespace ow::protocol
