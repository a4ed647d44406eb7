// Resident ID numbers (GB 11643): the check character, and whether a typed or sent number can be one.
#pragma once

#include <string>
#include <string_view>

namespace ow::protocol {

/** The check character of the first 17 digits of an ID number: '0'–'9' or 'X'. */
char idCheckDigit(std::string_view first17);
/** What is wrong with a resident ID number: its form (18 characters: 17 digits, then a digit or X), the birth
 *  date inside it (characters 7–14, a real day), or its check character. */
enum class IdNumberFault { none, format, birth, check };
IdNumberFault idNumberFault(std::string_view id);
/** The same, in words for logs and API errors ("" when there is nothing wrong). */
std::string idNumberProblem(std::string_view id);

}  // namespace ow::protocol
