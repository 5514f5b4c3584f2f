#include "engine/core/base/email_address.h"

#include <re2/re2.h>

#include "engine/core/base/text.h"
#include "engine/core/base/text_fold.h"

namespace ombudsflow {

bool IsMailboxAddress(std::string_view address) {
  // atext (RFC 5322 3.2.3) without the quote characters, in dot-atoms.
  static const re2::RE2 kMailbox(
      R"(([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*))"
      R"(@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?))");
  if (address.size() > 254) return false;
  re2::StringPiece local;
  if (!re2::RE2::FullMatch(re2::StringPiece(address.data(), address.size()), kMailbox, &local)) return false;
  return local.size() <= 64;
}

std::string EmailKey(std::string_view address) {
  // Nothing that is not text is anyone's address: an empty key matches no
  // stored one.
  return IsValidUtf8(address) ? Folded(address) : std::string();
}

}  // namespace ombudsflow
