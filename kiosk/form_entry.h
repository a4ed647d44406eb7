// Typing a form on the screen, field by field: the field being typed into, digits on the keypad (an ID number's
// check X, a date's dashes by themselves), pinyin letters with the engine's candidates for text, a choice picked from
// a list; then every field checked at once with the problem in plain words under its field. The presubmission's
// form, the report of what could not be done, a bad rating's reasons and a postal address all type through it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/bundle.h"
#include "kiosk/i18n.h"
#include "kiosk/form_check.h"
#include "kiosk/session.h"

namespace ow::core {

class PinyinInput;

/** What a person does to a form; a service maps its own intents onto these. */
enum class FormEdit {
    field,      // value: which field to type into
    key,        // value: a digit 0–9, kKeypadDelete, kKeypadClear or kFormX (the ID number's check X)
    letter,     // value: 0–25, a letter of pinyin into the selected text field
    candidate,  // value: which candidate goes into the selected text field
    choice,     // value: the choice picked for the selected field
};

/** A form as the screen shows it: each field with what was typed and its problem, and the input for the selected one. */
struct FormView {
    std::string title;
    struct Field {
        std::string label, hint, value, problem;
        bool required = true, selected = false;
    };
    std::vector<Field> fields;
    enum class Input { letters, digits, idNumber, date, choice } input = Input::letters;
    std::vector<std::string> choices;  // for a choice field
    std::string letters;
    std::vector<std::string> candidates;
    bool problems = false;  // the check found something wrong
};

/** A form being typed (part of the session: wiped when it ends). A choice's value is the index picked. */
class FormEntry {
public:
    /** A blank form of n fields (what was there wiped); the first field selected. */
    void start(size_t n);
    /** Selects the first empty field (after some were filled in for the person). */
    void selectFirstEmpty();
    /** One edit of the form `fields` (as the form defines them). pinyin: none finds no candidates. */
    void edit(const std::vector<FormField>& fields, FormEdit e, int value, PinyinInput* pinyin);
    /** Every field checked (checkField, then `more` for what only the service knows); true when all are right,
        otherwise the first wrong one is selected. */
    bool check(const std::vector<FormField>& fields,
               const std::function<std::optional<FieldProblem>(size_t, std::string_view)>& more = {});
    FormView view(const std::vector<FormField>& fields, const Strings& strings, Lang lang, std::string title = "") const;
    /** A field's value as it reads: a choice as the words picked (in Chinese: what central keeps). */
    std::string text(const std::vector<FormField>& fields, size_t i) const;
    void set(size_t i, std::string_view value);
    std::string_view value(size_t i) const { return i < values_.size() ? values_[i].view() : std::string_view(); }
    size_t size() const { return values_.size(); }
    bool hasProblems() const { return !problems_.empty(); }
    void wipe();

private:
    void changed(PinyinInput* pinyin);
    std::vector<SensitiveText> values_;
    int field_ = 0;
    std::string letters_;  // pinyin letters not yet chosen as characters (text fields)
    std::vector<std::string> candidates_;
    std::map<int, FieldProblem> problems_;
};

}  // namespace ow::core
