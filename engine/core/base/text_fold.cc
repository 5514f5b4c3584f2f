#include "engine/core/base/text_fold.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <climits>
#include <stdexcept>
#include <string>

namespace ombudsflow {
namespace {

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* const kInstance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || instance == nullptr) {
      throw std::runtime_error("ICU has no NFKC_Casefold data");
    }
    return instance;
  }();
  return *kInstance;
}

// ICU's spoof checker with its default settings: its skeletons are UTS #39's.
const USpoofChecker* SpoofChecker() {
  static const USpoofChecker* const kInstance = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* checker = uspoof_open(&status);
    if (U_FAILURE(status) || checker == nullptr) throw std::runtime_error("ICU has no spoof checker");
    return checker;
  }();
  return kInstance;
}

}  // namespace

std::string ConfusableSkeleton(std::string_view folded) {
  if (folded.size() > 4096) throw std::length_error("text too long for a skeleton");
  std::string skeleton(folded.size() * 4 + 16, '\0');
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t length = uspoof_getSkeletonUTF8(SpoofChecker(), 0, folded.data(), static_cast<std::int32_t>(folded.size()),
                                               skeleton.data(), static_cast<std::int32_t>(skeleton.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    skeleton.resize(static_cast<std::size_t>(length));
    status = U_ZERO_ERROR;
    length = uspoof_getSkeletonUTF8(SpoofChecker(), 0, folded.data(), static_cast<std::int32_t>(folded.size()),
                                    skeleton.data(), length, &status);
  }
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU could not skeletonise: ") + u_errorName(status));
  skeleton.resize(static_cast<std::size_t>(length));
  // Skeletons keep case ("0" becomes "O"): fold again, so one form remains.
  return Folded(skeleton);
}

FoldedText FoldForMatching(std::string_view source) {
  if (source.size() > static_cast<std::size_t>(INT32_MAX)) throw std::length_error("text too long to fold");
  FoldedText out;
  out.text.reserve(source.size());
  icu::Edits edits;
  icu::StringByteSink<std::string> sink(&out.text);
  UErrorCode status = U_ZERO_ERROR;
  // One pass over the whole text: ICU keeps letters and their combining
  // marks together, and records every change so it can be mapped back.
  NfkcCasefold().normalizeUTF8(0, icu::StringPiece(source.data(), static_cast<std::int32_t>(source.size())),
                               sink, &edits, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU could not fold the text: ") + u_errorName(status));
  out.source_begin.resize(out.text.size());
  out.source_end.resize(out.text.size());
  for (auto it = edits.getFineIterator(); it.next(status);) {
    const auto source_at = static_cast<std::uint32_t>(it.sourceIndex());
    const auto folded_at = static_cast<std::size_t>(it.destinationIndex());
    const auto length = static_cast<std::size_t>(it.newLength());
    for (std::size_t i = 0; i < length; ++i) {
      if (it.hasChange()) {
        out.source_begin[folded_at + i] = source_at;
        out.source_end[folded_at + i] = source_at + static_cast<std::uint32_t>(it.oldLength());
      } else {
        out.source_begin[folded_at + i] = source_at + static_cast<std::uint32_t>(i);
        out.source_end[folded_at + i] = source_at + static_cast<std::uint32_t>(i) + 1;
      }
    }
  }
  return out;
}

std::string Folded(std::string_view source) { return FoldForMatching(source).text; }

bool IsWordCharacterAt(std::string_view text, std::size_t at, std::size_t& length) {
  const auto c0 = static_cast<unsigned char>(text[at]);
  if (c0 < 0x80) {
    length = 1;
    return (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9');
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  auto i = static_cast<std::int32_t>(at);
  UChar32 c = 0;
  U8_NEXT(bytes, i, static_cast<std::int32_t>(text.size()), c);
  length = static_cast<std::size_t>(i) - at;
  return c >= 0 && u_isalnum(c) != 0;
}

}  // namespace ombudsflow
