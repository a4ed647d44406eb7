// Typing a form on the screen.
#include "kiosk/form_entry.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

#include "kiosk/pinyin_input.h"
#include "kiosk/service.h"
#include "kiosk/utf8.h"

namespace ow::core {

namespace {

// Dates are typed as digits; the dashes come by themselves (2026-12-01).
void typeDateDigit(std::string& v, char digit) {
    if (v.size() >= 10) return;
    v += digit;
    if (v.size() == 4 || v.size() == 7) v += '-';
}

size_t maxDigits(const FormField& f) {
    switch (f.type) {
        case FormField::Type::digits: return static_cast<size_t>(std::clamp(f.maxLength, 1, 40));
        case FormField::Type::idNumber: return 18;
        case FormField::Type::phone: return 12;
        case FormField::Type::number: return 12;
        default: return 200;
    }
}

FormView::Input inputFor(FormField::Type t) {
    switch (t) {
        case FormField::Type::text: return FormView::Input::letters;
        case FormField::Type::idNumber: return FormView::Input::idNumber;
        case FormField::Type::date: return FormView::Input::date;
        case FormField::Type::choice: return FormView::Input::choice;
        default: return FormView::Input::digits;
    }
}

}  // namespace

void FormEntry::start(size_t n) {
    wipe();
    values_.resize(n);
}

void FormEntry::selectFirstEmpty() {
    for (size_t i = 0; i < values_.size(); ++i)
        if (values_[i].empty()) {
            field_ = static_cast<int>(i);
            return;
        }
}

void FormEntry::set(size_t i, std::string_view value) {
    if (i < values_.size()) values_[i].assign(value);
}

void FormEntry::changed(PinyinInput* pinyin) {
    candidates_.clear();
    if (!letters_.empty() && pinyin) candidates_ = pinyin->candidates(letters_, 8);
}

void FormEntry::edit(const std::vector<FormField>& fields, FormEdit e, int value, PinyinInput* pinyin) {
    if (fields.size() != values_.size()) return;
    if (e == FormEdit::field) {
        if (value >= 0 && value < static_cast<int>(fields.size())) {
            field_ = value;
            letters_.clear();
            changed(pinyin);
        }
        return;
    }
    if (field_ < 0 || field_ >= static_cast<int>(fields.size())) return;
    const FormField& f = fields[static_cast<size_t>(field_)];
    SensitiveText& typed = values_[static_cast<size_t>(field_)];
    const auto edited = [&](std::string v) {
        typed.assign(v);
        sodium_memzero(v.data(), v.size());
        problems_.erase(field_);
    };
    switch (e) {
        case FormEdit::field: return;
        case FormEdit::key: {
            if (f.type == FormField::Type::choice) return;
            std::string v(typed.view());
            if (value >= 0 && value <= 9) {
                const char d = static_cast<char>('0' + value);
                if (f.type == FormField::Type::date) typeDateDigit(v, d);
                else if (v.size() < maxDigits(f) &&
                         !(f.type == FormField::Type::idNumber && !v.empty() && v.back() == 'X'))
                    v += d;
            } else if (value == kFormX) {
                if (f.type == FormField::Type::idNumber && v.size() == 17) v += 'X';  // only the check character can be X
            } else if (value == kKeypadDelete) {
                if (!letters_.empty()) {
                    letters_.pop_back();
                    changed(pinyin);
                    sodium_memzero(v.data(), v.size());
                    return;
                }
                std::vector<char32_t> cps;
                decodeUtf8(v, cps);
                if (!cps.empty()) cps.pop_back();
                if (f.type == FormField::Type::date && !cps.empty() && cps.back() == U'-') cps.pop_back();
                sodium_memzero(v.data(), v.size());
                v.clear();
                for (char32_t c : cps) appendUtf8(v, c);
                if (!cps.empty()) sodium_memzero(cps.data(), cps.size() * sizeof(char32_t));
            } else if (value == kKeypadClear) {
                sodium_memzero(v.data(), v.size());
                v.clear();
                letters_.clear();
                changed(pinyin);
            }
            edited(std::move(v));
            return;
        }
        case FormEdit::letter:
            if (f.type != FormField::Type::text || value < 0 || value > 25 || letters_.size() >= 24) return;
            letters_ += static_cast<char>('a' + value);
            changed(pinyin);
            return;
        case FormEdit::candidate:
            if (value < 0 || value >= static_cast<int>(candidates_.size())) return;
            edited(std::string(typed.view()) + candidates_[static_cast<size_t>(value)]);
            letters_.clear();
            changed(pinyin);
            return;
        case FormEdit::choice:
            if (f.type != FormField::Type::choice || value < 0 || value >= static_cast<int>(f.choices.size())) return;
            edited(std::to_string(value));
            if (field_ + 1 < static_cast<int>(fields.size())) ++field_;  // picked: on to the next field
            return;
    }
}

bool FormEntry::check(const std::vector<FormField>& fields,
                      const std::function<std::optional<FieldProblem>(size_t, std::string_view)>& more) {
    problems_.clear();
    letters_.clear();
    candidates_.clear();
    for (size_t i = 0; i < fields.size() && i < values_.size(); ++i) {
        if (auto p = checkField(fields[i], values_[i].view())) problems_[static_cast<int>(i)] = *p;
        else if (more)
            if (auto q = more(i, values_[i].view())) problems_[static_cast<int>(i)] = *q;
    }
    if (!problems_.empty()) field_ = problems_.begin()->first;  // the first field to put right
    return problems_.empty();
}

std::string FormEntry::text(const std::vector<FormField>& fields, size_t i) const {
    if (i >= fields.size() || i >= values_.size()) return "";
    std::string v(values_[i].view());
    if (fields[i].type == FormField::Type::choice && !v.empty()) {
        const int c = std::atoi(v.c_str());
        v = c >= 0 && c < static_cast<int>(fields[i].choices.size()) ? fields[i].choices[static_cast<size_t>(c)].zh : "";
    }
    return v;
}

FormView FormEntry::view(const std::vector<FormField>& fields, const Strings& strings, Lang lang, std::string title) const {
    FormView v;
    v.title = std::move(title);
    for (size_t i = 0; i < fields.size() && i < values_.size(); ++i) {
        const FormField& f = fields[i];
        FormView::Field out{f.label.get(lang), f.hint.get(lang), std::string(values_[i].view()), "", f.required,
                            static_cast<int>(i) == field_};
        if (f.type == FormField::Type::choice && !out.value.empty()) {
            const int c = std::atoi(out.value.c_str());
            out.value = c >= 0 && c < static_cast<int>(f.choices.size()) ? f.choices[static_cast<size_t>(c)].get(lang) : "";
        }
        if (out.selected && f.type == FormField::Type::text) out.value += letters_;
        if (auto it = problems_.find(static_cast<int>(i)); it != problems_.end())
            out.problem = fill(strings.text(lang, it->second.key), it->second.values);
        v.fields.push_back(std::move(out));
    }
    if (field_ >= 0 && field_ < static_cast<int>(fields.size())) {
        const FormField& f = fields[static_cast<size_t>(field_)];
        v.input = inputFor(f.type);
        for (const auto& c : f.choices) v.choices.push_back(c.get(lang));
    }
    v.letters = letters_;
    v.candidates = candidates_;
    v.problems = !problems_.empty();
    return v;
}

void FormEntry::wipe() {
    for (auto& v : values_) v.wipe();
    values_.clear();
    if (!letters_.empty()) sodium_memzero(letters_.data(), letters_.size());
    letters_.clear();
    for (auto& c : candidates_) wipeText(c);
    candidates_.clear();
    problems_.clear();
    field_ = 0;
}

}  // namespace ow::core
