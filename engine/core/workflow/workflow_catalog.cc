#include "engine/core/workflow/workflow_catalog.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <initializer_list>
#include <functional>
#include <set>

#include "engine/core/base/email_address.h"
#include "engine/core/base/text.h"
#include "engine/core/workflow/input_schema.h"
#include "engine/core/workflow/referral_registry.h"
#include "ombudsflow/v1/contacts.pb.h"

namespace ombudsflow {
namespace {

using google::protobuf::TextFormat;

class ProblemList {
 public:
  explicit ProblemList(std::string file_name) : file_name_(std::move(file_name)) {}

  // `line` is zero-based, as protobuf's parser reports it.
  void Add(int line, const std::string& problem) {
    lines_.push_back(file_name_ + ":" + std::to_string(line + 1) + ": " + problem);
  }
  [[nodiscard]] bool empty() const { return lines_.empty(); }
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::string file_name_;
  std::vector<std::string> lines_;
};

class CollectParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  explicit CollectParseErrors(ProblemList& problems) : problems_(problems) {}
  void AddError(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    problems_.Add(line, message);
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    problems_.Add(line, "warning: " + message);
  }

 private:
  ProblemList& problems_;
};

// Where fields of a parsed definition were written, for error messages.
class Locations {
 public:
  explicit Locations(const TextFormat::ParseInfoTree& tree) : root_(&tree) {}

  // The line of `field` (element `index` of a repeated one) in `tree`, or of
  // the enclosing element when the field was not written.
  static int Line(const TextFormat::ParseInfoTree* tree, const google::protobuf::Descriptor* type,
                  std::string_view field, int index, int fallback) {
    const auto* descriptor = type->FindFieldByName(std::string(field));
    if (tree == nullptr || descriptor == nullptr) return fallback;
    const int line = tree->GetLocation(descriptor, descriptor->is_repeated() ? index : -1).line;
    return line >= 0 ? line : fallback;
  }

  int Top(std::string_view field, int index = -1) const {
    return Line(root_, v1::WorkflowDefinition::descriptor(), field, index, 0);
  }

  // A field inside element `index` of the top-level repeated `list`.
  int In(std::string_view list, int index, const google::protobuf::Descriptor* type,
         std::string_view field, int field_index = -1) const {
    const int element_line = Top(list, index);
    const auto* list_field = v1::WorkflowDefinition::descriptor()->FindFieldByName(std::string(list));
    const auto* nested = root_->GetTreeForNested(list_field, index);
    return Line(nested, type, field, field_index, element_line);
  }

  int State(int index, std::string_view field) const {
    return In("state", index, v1::State::descriptor(), field);
  }
  int Transition(int index, std::string_view field, int field_index = -1) const {
    return In("transition", index, v1::Transition::descriptor(), field, field_index);
  }
  int InputField(int index) const { return Top("input_field", index); }

 private:
  const TextFormat::ParseInfoTree* root_;
};

void CheckCall(const v1::Call& call, bool is_guard, const RuleRegistry& rules, int line,
               const std::string& transition, ProblemList& problems) {
  const std::vector<std::string>* required = nullptr;
  if (is_guard) {
    if (const auto* guard = rules.FindGuard(call.name())) required = &guard->required_args;
  } else if (const auto* action = rules.FindAction(call.name())) {
    required = &action->required_args;
  }
  const char* kind = is_guard ? "guard" : "action";
  if (required == nullptr) {
    problems.Add(line, std::string("transition '") + transition + "' uses unknown " + kind + " '" +
                           call.name() + "'");
    return;
  }
  for (const auto& arg : *required) {
    if (!call.arg().contains(arg)) {
      problems.Add(line, std::string(kind) + " '" + call.name() + "' needs the argument '" + arg + "'");
    }
  }
}

void CheckStates(const v1::WorkflowDefinition& definition, const Locations& where,
                 ProblemList& problems, std::map<std::string, int>& index_of) {
  if (definition.state_size() == 0) problems.Add(0, "the workflow defines no state");
  for (int i = 0; i < definition.state_size(); ++i) {
    const v1::State& state = definition.state(i);
    if (!IsIdentifier(state.name())) {
      problems.Add(where.State(i, "name"), "state name '" + state.name() +
                                               "' must be lower-case letters, digits and underscores");
    } else if (!index_of.emplace(state.name(), i).second) {
      problems.Add(where.State(i, "name"), "state '" + state.name() + "' is defined twice");
    }
    if (state.terminal() && state.has_deadline()) {
      problems.Add(where.State(i, "deadline"), "terminal state '" + state.name() + "' cannot have a deadline");
    }
  }
  if (definition.initial_state().empty()) {
    problems.Add(0, "initial_state is missing");
  } else if (!index_of.contains(definition.initial_state())) {
    problems.Add(where.Top("initial_state"),
                 "initial_state '" + definition.initial_state() + "' is not a defined state");
  }
}

// The guards an action cannot run without must be on its transition, with
// the arguments the rule needs.
void CheckRequiredGuards(const v1::Transition& transition, const v1::Call& action, const RuleRegistry& rules,
                         int line, ProblemList& problems) {
  const ActionSpec* spec = rules.FindAction(action.name());
  if (spec == nullptr) return;
  for (const RequiredGuard& required : spec->requires_guards) {
    const bool present = std::any_of(transition.guard().begin(), transition.guard().end(), [&](const v1::Call& guard) {
      if (guard.name() != required.name) return false;
      return std::all_of(required.args.begin(), required.args.end(), [&](const auto& arg) {
        auto it = guard.arg().find(arg.first);
        return it != guard.arg().end() && it->second == arg.second;
      });
    });
    if (present) continue;
    std::string with;
    for (const auto& [key, value] : required.args) with += (with.empty() ? " (" : ", ") + key + "=" + value;
    if (!with.empty()) with += ")";
    problems.Add(line, "action '" + action.name() + "' of transition '" + transition.name() +
                           "' requires the guard '" + required.name + "'" + with +
                           " on the same transition: no definition may drop it");
  }
}

void CheckTransitions(const v1::WorkflowDefinition& definition, const RuleRegistry& rules,
                      const Locations& where, const std::map<std::string, int>& states,
                      ProblemList& problems) {
  std::set<std::string> names;
  for (int i = 0; i < definition.transition_size(); ++i) {
    const v1::Transition& transition = definition.transition(i);
    const std::string& name = transition.name();
    if (!IsIdentifier(name)) {
      problems.Add(where.Transition(i, "name"), "transition name '" + name +
                                                    "' must be lower-case letters, digits and underscores");
    } else if (!names.insert(name).second) {
      problems.Add(where.Transition(i, "name"), "transition '" + name + "' is defined twice");
    }
    if (transition.from_size() == 0) {
      problems.Add(where.Transition(i, "name"), "transition '" + name + "' has no 'from' state");
    }
    for (int f = 0; f < transition.from_size(); ++f) {
      auto state = states.find(transition.from(f));
      if (state == states.end()) {
        problems.Add(where.Transition(i, "from", f), "transition '" + name +
                                                         "' leaves unknown state '" + transition.from(f) + "'");
      } else if (definition.state(state->second).terminal()) {
        problems.Add(where.Transition(i, "from", f), "transition '" + name +
                                                         "' leaves terminal state '" + transition.from(f) + "'");
      }
    }
    if (!states.contains(transition.to())) {
      problems.Add(where.Transition(i, "to"),
                   "transition '" + name + "' enters unknown state '" + transition.to() + "'");
    }
    if (transition.timer() && transition.roles_size() > 0) {
      problems.Add(where.Transition(i, "roles", 0),
                   "timer transition '" + name + "' is fired by the engine and takes no roles");
    }
    if (!transition.timer() && transition.roles_size() == 0) {
      problems.Add(where.Transition(i, "name"), "transition '" + name + "' names no role that may fire it");
    }
    for (int r = 0; r < transition.roles_size(); ++r) {
      if (!ParseRole(transition.roles(r))) {
        problems.Add(where.Transition(i, "roles", r),
                     "transition '" + name + "' names unknown role '" + transition.roles(r) + "'");
      }
    }
    for (int g = 0; g < transition.guard_size(); ++g) {
      CheckCall(transition.guard(g), true, rules, where.Transition(i, "guard", g), name, problems);
    }
    for (int a = 0; a < transition.action_size(); ++a) {
      CheckCall(transition.action(a), false, rules, where.Transition(i, "action", a), name, problems);
      CheckRequiredGuards(transition, transition.action(a), rules, where.Transition(i, "action", a), problems);
    }
  }
}

void CheckDeadlines(const v1::WorkflowDefinition& definition, const Locations& where,
                    ProblemList& problems) {
  for (int i = 0; i < definition.state_size(); ++i) {
    const v1::State& state = definition.state(i);
    if (!state.has_deadline()) continue;
    const int line = where.State(i, "deadline");
    const v1::Deadline& deadline = state.deadline();
    if (deadline.calendar_days() == 0 && deadline.working_days() == 0 && deadline.calendar_months() == 0) {
      problems.Add(line, "the deadline of '" + state.name() +
                             "' needs calendar_days, working_days or calendar_months");
    }
    auto timer = std::find_if(definition.transition().begin(), definition.transition().end(),
                              [&](const v1::Transition& t) { return t.name() == deadline.on_timeout(); });
    if (timer == definition.transition().end()) {
      problems.Add(line, "the deadline of '" + state.name() + "' fires unknown transition '" +
                             deadline.on_timeout() + "'");
    } else if (!timer->timer() ||
               std::find(timer->from().begin(), timer->from().end(), state.name()) == timer->from().end()) {
      problems.Add(line, "the deadline of '" + state.name() + "' must fire a timer transition leaving '" +
                             state.name() + "'; '" + timer->name() + "' is not one");
    }
    // Counting from a lapsed deadline means something only where a timer
    // enters; said elsewhere, it would be a promise the engine never keeps.
    const bool timer_enters =
        std::any_of(definition.transition().begin(), definition.transition().end(),
                    [&](const v1::Transition& t) { return t.timer() && t.to() == state.name(); });
    if (deadline.from_lapsed_deadline() && !timer_enters) {
      problems.Add(line, "the deadline of '" + state.name() + "' counts from a lapsed deadline, but no timer enters '" +
                             state.name() + "'");
    }
    if (deadline.from_lapsed_deadline() && deadline.keeps_running()) {
      problems.Add(line, "the deadline of '" + state.name() +
                             "' either keeps the running deadline or counts from a lapsed one, not both");
    }
  }
  for (int i = 0; i < definition.transition_size(); ++i) {
    const v1::Transition& transition = definition.transition(i);
    if (!transition.timer()) continue;
    const bool used = std::any_of(definition.state().begin(), definition.state().end(),
                                  [&](const v1::State& s) { return s.deadline().on_timeout() == transition.name(); });
    if (!used) {
      problems.Add(where.Transition(i, "timer"),
                   "timer transition '" + transition.name() + "' is fired by no state's deadline");
    }
  }
}

// Every state must be reachable, and every non-terminal state must have a way out.
void CheckGraph(const v1::WorkflowDefinition& definition, const Locations& where,
                const std::map<std::string, int>& states, ProblemList& problems) {
  if (!states.contains(definition.initial_state())) return;
  std::set<std::string> reached = {definition.initial_state()};
  std::vector<std::string> frontier = {definition.initial_state()};
  while (!frontier.empty()) {
    const std::string state = frontier.back();
    frontier.pop_back();
    for (const auto& transition : definition.transition()) {
      if (std::find(transition.from().begin(), transition.from().end(), state) == transition.from().end()) continue;
      if (states.contains(transition.to()) && reached.insert(transition.to()).second) {
        frontier.push_back(transition.to());
      }
    }
  }
  for (int i = 0; i < definition.state_size(); ++i) {
    const v1::State& state = definition.state(i);
    if (!reached.contains(state.name())) {
      problems.Add(where.State(i, "name"), "state '" + state.name() + "' is unreachable from '" +
                                               definition.initial_state() + "'");
    }
    const bool has_exit = std::any_of(definition.transition().begin(), definition.transition().end(),
                                      [&](const v1::Transition& t) {
                                        return std::find(t.from().begin(), t.from().end(), state.name()) != t.from().end();
                                      });
    if (!state.terminal() && !has_exit) {
      problems.Add(where.State(i, "name"), "state '" + state.name() +
                                               "' is not terminal but no transition leaves it");
    }
  }
}

// Every declaration well formed and named once; the valid ones by name.
std::map<std::string, v1::InputField> CheckedInputs(
    const google::protobuf::RepeatedPtrField<v1::InputField>& fields, const std::function<int(int)>& line_of,
    ProblemList& problems) {
  std::map<std::string, v1::InputField> by_name;
  for (int i = 0; i < fields.size(); ++i) {
    if (auto problem = DeclarationProblem(fields[i])) {
      problems.Add(line_of(i), *problem);
    } else if (!by_name.emplace(fields[i].name(), fields[i]).second) {
      problems.Add(line_of(i), "input '" + fields[i].name() + "' is declared twice");
    }
  }
  return by_name;
}

// Fills each transition's input schema from the definition's own
// declarations, else the shared vocabulary; an input declared in neither
// is a problem at the line that names it.
void ResolveInputs(v1::WorkflowDefinition& definition, const v1::InputVocabulary& vocabulary,
                   const Locations& where, ProblemList& problems) {
  for (int i = 0; i < definition.input_field_size(); ++i) {
    if (!definition.input_field(i).choices_from().empty()) {
      problems.Add(where.InputField(i), "input '" + definition.input_field(i).name() +
                                            "' uses choices_from, which only the shared vocabulary may");
    }
  }
  const auto own = CheckedInputs(definition.input_field(), [&](int i) { return where.InputField(i); }, problems);
  std::map<std::string, const v1::InputField*> shared;
  for (const auto& field : vocabulary.input_field()) shared.emplace(field.name(), &field);
  for (int i = 0; i < definition.transition_size(); ++i) {
    v1::Transition& transition = *definition.mutable_transition(i);
    if (transition.input_field_size() > 0) {
      problems.Add(where.Transition(i, "input_field", 0),
                   "transition '" + transition.name() + "' declares input_field: declare inputs at the top "
                   "of the definition or in the shared vocabulary");
      transition.clear_input_field();
    }
    std::set<std::string> named;
    auto resolve = [&](const std::string& list, const google::protobuf::RepeatedPtrField<std::string>& names,
                       bool required) {
      for (int n = 0; n < names.size(); ++n) {
        const std::string& name = names[n];
        const int line = where.Transition(i, list, n);
        if (!named.insert(name).second) {
          problems.Add(line, "transition '" + transition.name() + "' names input '" + name + "' twice");
          continue;
        }
        const v1::InputField* declared = nullptr;
        if (auto it = own.find(name); it != own.end()) {
          declared = &it->second;
        } else if (auto shared_it = shared.find(name); shared_it != shared.end()) {
          declared = shared_it->second;
        }
        if (declared == nullptr) {
          problems.Add(line, "input '" + name + "' of transition '" + transition.name() +
                                 "' has no declared type: declare it with input_field here or in "
                                 "workflows/inputs.textproto");
          continue;
        }
        v1::InputField& field = *transition.add_input_field();
        field = *declared;
        field.set_required(required);
      }
    };
    resolve("input", transition.input(), true);
    resolve("optional_input", transition.optional_input(), false);
  }
}

// A meaning tells the reports and pages which step or state it is: one
// step, one state, or they would count or show the wrong one.
void CheckMeanings(const v1::WorkflowDefinition& definition, const Locations& where, ProblemList& problems) {
  std::map<int, std::string> steps;
  for (int i = 0; i < definition.transition_size(); ++i) {
    const v1::Transition& transition = definition.transition(i);
    if (transition.meaning() == v1::STEP_MEANING_UNSPECIFIED) continue;
    if (auto [first, added] = steps.emplace(transition.meaning(), transition.name()); !added) {
      problems.Add(where.Transition(i, "meaning"),
                   "transition '" + transition.name() + "' means " + v1::StepMeaning_Name(transition.meaning()) +
                       ", as '" + first->second + "' does: a meaning belongs to one step");
    }
  }
  // Where a meaning must be: the pages and reports find these steps by it,
  // so a step without it would be a button nobody sees or a figure that
  // stays at zero.
  const auto sends_notice = [](const v1::Transition& transition, std::initializer_list<std::string_view> kinds) {
    return std::any_of(transition.action().begin(), transition.action().end(), [&](const v1::Call& action) {
      if (action.name() != "notify_department") return false;
      const auto notice = action.arg().find("notice");
      return notice != action.arg().end() &&
             std::find(kinds.begin(), kinds.end(), std::string_view(notice->second)) != kinds.end();
    });
  };
  for (int i = 0; i < definition.transition_size(); ++i) {
    const v1::Transition& transition = definition.transition(i);
    const bool approves = std::any_of(transition.guard().begin(), transition.guard().end(),
                                      [](const v1::Call& guard) { return guard.name() == "approver_authorised"; });
    if (approves && transition.meaning() != v1::STEP_APPROVE_PUBLICATION) {
      problems.Add(where.Transition(i, "meaning"),
                   "transition '" + transition.name() +
                       "' is guarded by approver_authorised: it must mean STEP_APPROVE_PUBLICATION, which the "
                       "approval page offers");
    }
    const bool department_takes = std::find(transition.roles().begin(), transition.roles().end(), "department") !=
                                  transition.roles().end();
    if (department_takes && transition.meaning() != v1::STEP_ANSWER_HEARING &&
        transition.meaning() != v1::STEP_RECORD_FOLLOW_UP) {
      problems.Add(where.Transition(i, "meaning"),
                   "transition '" + transition.name() +
                       "' is the department's: it must mean STEP_ANSWER_HEARING or STEP_RECORD_FOLLOW_UP, by which "
                       "the department's pages offer it");
    }
    if (sends_notice(transition, {"hearing", "own_initiative_hearing"}) && !steps.contains(v1::STEP_ANSWER_HEARING)) {
      problems.Add(where.Transition(i, "name"),
                   "transition '" + transition.name() +
                       "' asks the department for a hearing answer: a step must mean STEP_ANSWER_HEARING");
    }
    if (sends_notice(transition, {"follow_up_requested"}) && !steps.contains(v1::STEP_RECORD_FOLLOW_UP)) {
      problems.Add(where.Transition(i, "name"),
                   "transition '" + transition.name() +
                       "' asks the department how it followed up: a step must mean STEP_RECORD_FOLLOW_UP");
    }
  }
  std::map<int, std::string> states;
  for (int i = 0; i < definition.state_size(); ++i) {
    const v1::State& state = definition.state(i);
    if (state.meaning() == v1::STATE_MEANING_UNSPECIFIED) continue;
    if (auto [first, added] = states.emplace(state.meaning(), state.name()); !added) {
      problems.Add(where.State(i, "meaning"), "state '" + state.name() + "' means " +
                                                  v1::StateMeaning_Name(state.meaning()) + ", as '" + first->second +
                                                  "' does: a meaning belongs to one state");
    }
  }
}

void CheckDefinition(const v1::WorkflowDefinition& definition, const RuleRegistry& rules,
                     const Locations& where, ProblemList& problems) {
  if (!IsIdentifier(definition.name())) {
    problems.Add(where.Top("name"), "workflow name '" + definition.name() +
                                        "' must be lower-case letters, digits and underscores");
  }
  if (definition.version() == 0) problems.Add(where.Top("version"), "version must be 1 or higher");
  std::map<std::string, int> states;
  CheckStates(definition, where, problems, states);
  CheckTransitions(definition, rules, where, states, problems);
  CheckDeadlines(definition, where, problems);
  CheckGraph(definition, where, states, problems);
  CheckMeanings(definition, where, problems);
}

Error ProblemsError(const std::vector<std::string>& lines) {
  std::string message;
  for (const auto& line : lines) {
    if (!message.empty()) message += '\n';
    message += line;
  }
  return InvalidArgument(message);
}

// Parses `source` into `message`, noting where each field was written; false,
// with the parser's problems (or "not a valid `what`"), when it is not one.
bool ParseTextFormat(const WorkflowSource& source, std::string_view what, google::protobuf::Message& message,
                     TextFormat::ParseInfoTree& tree, ProblemList& problems) {
  CollectParseErrors collector(problems);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  if (parser.ParseFromString(source.text, &message)) return true;
  if (problems.empty()) problems.Add(0, "not a valid " + std::string(what));
  return false;
}

}  // namespace

Result<v1::ReferralRegistry> ParseReferralRegistry(const WorkflowSource& source) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::ReferralRegistry registry;
  if (!ParseTextFormat(source, "referral registry", registry, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const auto* list = v1::ReferralRegistry::descriptor()->FindFieldByName("body");
  std::set<std::string> ids;
  for (int i = 0; i < registry.body_size(); ++i) {
    const int line = std::max(0, tree.GetLocation(list, i).line);
    if (auto problem = ReferralBodyProblem(registry.body(i))) {
      problems.Add(line, *problem);
    } else if (!ids.insert(registry.body(i).id()).second) {
      problems.Add(line, "referral body '" + registry.body(i).id() + "' is listed twice");
    }
  }
  if (registry.body_size() == 0) problems.Add(0, "the referral registry lists no body");
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return registry;
}

Result<v1::PublicContactList> ParsePublicContacts(const WorkflowSource& source) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::PublicContactList contacts;
  if (!ParseTextFormat(source, "list of public contacts", contacts, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const auto* list = v1::PublicContactList::descriptor()->FindFieldByName("contact");
  for (int i = 0; i < contacts.contact_size(); ++i) {
    const int line = std::max(0, tree.GetLocation(list, i).line);
    const v1::PublicContact& contact = contacts.contact(i);
    if (contact.name().empty() || !IsOneLineOfText(contact.name()) || Utf8Length(contact.name()) > 200) {
      problems.Add(line, "a public contact needs a name of one line, at most 200 characters");
    }
    if (contact.email().empty() && contact.phone().empty()) {
      problems.Add(line, "public contact '" + contact.name() + "' has neither an e-mail address nor a phone number");
    }
    if (!contact.email().empty() && !IsMailboxAddress(contact.email())) {
      problems.Add(line, "the e-mail address of public contact '" + contact.name() + "' is not an e-mail address");
    }
    const auto digits = std::count_if(contact.phone().begin(), contact.phone().end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
    if (!contact.phone().empty() && (digits < 3 || digits > 15 || !IsOneLineOfText(contact.phone()) ||
                                     contact.phone().size() > 40)) {
      problems.Add(line, "the phone number of public contact '" + contact.name() + "' is not a phone number");
    }
    // A department's code as the departments table has it (2-10 capitals).
    const std::size_t code_length = Utf8Length(contact.department());
    if (!contact.department().empty() &&
        (code_length < 2 || code_length > 10 || !IsOneLineOfText(contact.department()) ||
         std::any_of(contact.department().begin(), contact.department().end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == ' ' || (c >= '0' && c <= '9'); }))) {
      problems.Add(line, "the department of public contact '" + contact.name() + "' is not a department's code");
    }
  }
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return contacts;
}

Result<v1::ThemeVocabulary> ParseThemeVocabulary(const WorkflowSource& source) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::ThemeVocabulary vocabulary;
  if (!ParseTextFormat(source, "theme vocabulary", vocabulary, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const auto* list = v1::ThemeVocabulary::descriptor()->FindFieldByName("theme");
  std::set<std::string> ids;
  for (int i = 0; i < vocabulary.theme_size(); ++i) {
    const int line = std::max(0, tree.GetLocation(list, i).line);
    const v1::Theme& theme = vocabulary.theme(i);
    const std::string& id = theme.id();
    const bool id_ok = !id.empty() && id.size() <= 64 && id[0] >= 'a' && id[0] <= 'z' &&
                       std::all_of(id.begin(), id.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                       });
    if (!id_ok) {
      problems.Add(line, "theme id '" + id + "' is not 1-64 lower-case letters, digits and underscores");
    } else if (theme.label().da().empty() || theme.label().en().empty()) {
      problems.Add(line, "theme '" + id + "' needs a label in Danish and in English");
    } else if (!ids.insert(id).second) {
      problems.Add(line, "theme '" + id + "' is listed twice");
    }
  }
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return vocabulary;
}

Result<v1::KleVocabulary> ParseKleVocabulary(const WorkflowSource& source) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::KleVocabulary kle;
  if (!ParseTextFormat(source, "KLE vocabulary", kle, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const auto digits = [](std::string_view text, std::initializer_list<std::size_t> dots) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool dot = std::find(dots.begin(), dots.end(), i) != dots.end();
      if (dot ? text[i] != '.' : (text[i] < '0' || text[i] > '9')) return false;
    }
    return true;
  };
  std::set<std::string> numbers;
  const auto* main_groups = v1::KleVocabulary::descriptor()->FindFieldByName("main_group");
  for (int i = 0; i < kle.main_group_size(); ++i) {
    const int line = std::max(0, tree.GetLocation(main_groups, i).line);
    const v1::KleEntry& group = kle.main_group(i);
    if (group.number().size() != 2 || !digits(group.number(), {})) {
      problems.Add(line, "main group '" + group.number() + "' is not two digits, as KLE writes it (\"27\")");
    } else if (group.title().empty()) {
      problems.Add(line, "main group " + group.number() + " needs its title");
    } else if (!numbers.insert(group.number()).second) {
      problems.Add(line, "main group " + group.number() + " is listed twice");
    }
  }
  const auto* subjects = v1::KleVocabulary::descriptor()->FindFieldByName("subject");
  for (int i = 0; i < kle.subject_size(); ++i) {
    const int line = std::max(0, tree.GetLocation(subjects, i).line);
    const v1::KleEntry& subject = kle.subject(i);
    if (subject.number().size() != 8 || !digits(subject.number(), {2, 5})) {
      problems.Add(line, "subject '" + subject.number() + "' is not a KLE subject number (\"27.24.00\")");
    } else if (!numbers.contains(subject.number().substr(0, 2))) {
      problems.Add(line, "subject " + subject.number() + " belongs to main group " + subject.number().substr(0, 2) +
                             ", which is not listed");
    } else if (subject.title().empty()) {
      problems.Add(line, "subject " + subject.number() + " needs its title");
    } else if (!numbers.insert(subject.number()).second) {
      problems.Add(line, "subject " + subject.number() + " is listed twice");
    }
  }
  if (kle.subject_size() > 0) {
    const v1::KleEntry& facet = kle.complaint_facet();
    const int line = std::max(0, tree.GetLocation(v1::KleVocabulary::descriptor()->FindFieldByName("complaint_facet"), -1).line);
    if (facet.number().size() != 3 || facet.number()[0] < 'A' || facet.number()[0] > 'Z' ||
        !digits(facet.number().substr(1), {})) {
      problems.Add(line, "the complaint facet '" + facet.number() + "' is not a KLE action facet (\"K01\")");
    } else if (facet.title().empty()) {
      problems.Add(line, "the complaint facet needs its title");
    }
  }
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return kle;
}

Result<v1::InputVocabulary> ParseInputVocabulary(const WorkflowSource& source,
                                                 const v1::ReferralRegistry& referrals,
                                                 const v1::ThemeVocabulary& themes) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::InputVocabulary vocabulary;
  if (!ParseTextFormat(source, "input vocabulary", vocabulary, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const auto* list = v1::InputVocabulary::descriptor()->FindFieldByName("input_field");
  auto line_of = [&](int i) { return std::max(0, tree.GetLocation(list, i).line); };
  // Choices kept in a registry are filled in before the declarations are
  // checked, so an empty registry reads as what it is: an ENUM without choices.
  for (int i = 0; i < vocabulary.input_field_size(); ++i) {
    v1::InputField& field = *vocabulary.mutable_input_field(i);
    if (field.choices_from().empty()) continue;
    if (field.choices_from() == kThemeChoices) {
      if (field.choices_size() > 0) {
        problems.Add(line_of(i), "input '" + field.name() + "' takes its choices from a registry and lists its own");
      } else if (themes.theme_size() == 0) {
        problems.Add(line_of(i), "input '" + field.name() +
                                     "' takes its choices from the theme vocabulary, which lists no theme "
                                     "(workflows/themes.textproto)");
      }
      for (const auto& theme : themes.theme()) {
        v1::Choice& choice = *field.add_choices();
        choice.set_value(theme.id());
        *choice.mutable_label() = theme.label();
        *choice.mutable_help() = theme.help();
      }
      continue;
    }
    if (field.choices_from() != kReferralChoices) {
      problems.Add(line_of(i), "input '" + field.name() + "' takes its choices from '" + field.choices_from() +
                                   "', which is no registry (there are \"" + std::string(kReferralChoices) +
                                   "\" and \"" + std::string(kThemeChoices) + "\")");
    } else if (field.choices_size() > 0) {
      problems.Add(line_of(i), "input '" + field.name() + "' takes its choices from a registry and lists its own");
    } else if (referrals.body_size() == 0) {
      problems.Add(line_of(i), "input '" + field.name() +
                                   "' takes its choices from the referral registry, which lists no body "
                                   "(workflows/referrals.textproto)");
    } else {
      AddReferralChoices(referrals, field);
    }
  }
  CheckedInputs(vocabulary.input_field(), line_of, problems);
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return vocabulary;
}

Result<v1::WorkflowDefinition> ParseWorkflowDefinition(const WorkflowSource& source,
                                                       const RuleRegistry& rules,
                                                       const v1::InputVocabulary& vocabulary) {
  ProblemList problems(source.file_name);
  TextFormat::ParseInfoTree tree;
  v1::WorkflowDefinition definition;
  if (!ParseTextFormat(source, "workflow definition", definition, tree, problems)) {
    return std::unexpected(ProblemsError(problems.lines()));
  }
  const Locations where(tree);
  CheckDefinition(definition, rules, where, problems);
  ResolveInputs(definition, vocabulary, where, problems);
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return definition;
}

Result<WorkflowCatalog> WorkflowCatalog::Build(const std::vector<WorkflowSource>& sources,
                                               const RuleRegistry& rules,
                                               const v1::InputVocabulary& vocabulary) {
  WorkflowCatalog catalog;
  std::vector<std::string> problems;
  std::map<std::pair<std::string, std::uint32_t>, std::string> seen_in;
  for (const auto& source : sources) {
    auto definition = ParseWorkflowDefinition(source, rules, vocabulary);
    if (!definition) {
      problems.push_back(definition.error().message);
      continue;
    }
    auto key = std::make_pair(definition->name(), definition->version());
    if (auto [it, inserted] = seen_in.emplace(key, source.file_name); !inserted) {
      problems.push_back(source.file_name + ":1: workflow '" + key.first + "' version " +
                         std::to_string(key.second) + " is already defined in " + it->second);
      continue;
    }
    catalog.definitions_.emplace(std::move(key), std::move(*definition));
  }
  if (!problems.empty()) return std::unexpected(ProblemsError(problems));
  return catalog;
}

const v1::WorkflowDefinition* WorkflowCatalog::Newest(std::string_view name) const {
  const v1::WorkflowDefinition* newest = nullptr;
  for (const auto& [key, definition] : definitions_) {
    if (key.first == name) newest = &definition;  // the map orders versions ascending
  }
  return newest;
}

std::vector<const v1::WorkflowDefinition*> WorkflowCatalog::All() const {
  std::vector<const v1::WorkflowDefinition*> all;
  for (const auto& [key, definition] : definitions_) all.push_back(&definition);
  return all;
}

const v1::WorkflowDefinition* WorkflowCatalog::Find(std::string_view name,
                                                    std::uint32_t version) const {
  auto it = definitions_.find(std::make_pair(std::string(name), version));
  return it == definitions_.end() ? nullptr : &it->second;
}

}  // namespace ombudsflow
