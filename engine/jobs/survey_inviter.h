#pragma once

#include <chrono>

#include "engine/jobs/periodic_job.h"
#include "engine/service/survey_service.h"

namespace ombudsflow::jobs {

/// Mails the satisfaction survey's links to citizens whose cases closed
/// (SurveyService::InviteRound), a batch a round.
class SurveyInviter {
 public:
  SurveyInviter(service::SurveyService& survey, std::chrono::milliseconds interval, int batch = 20)
      : survey_(survey), batch_(batch), job_("survey invitations", interval, [this]() -> Result<bool> {
          auto mailed = survey_.InviteRound(batch_);
          if (!mailed) return std::unexpected(mailed.error());
          return *mailed >= batch_;
        }) {}

  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }

 private:
  service::SurveyService& survey_;
  int batch_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
