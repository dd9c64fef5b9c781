/* bounce-core.h: the one header the app and the CLI include.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bounce-address.h"
#include "bounce-category.h"
#include "bounce-chart.h"
#include "bounce-classifier.h"
#include "bounce-cleaner.h"
#include "bounce-contact-list.h"
#include "bounce-diagnostic.h"
#include "bounce-error.h"
#include "bounce-explanation.h"
#include "bounce-format.h"
#include "bounce-history.h"
#include "bounce-imap-source.h"
#include "bounce-hygiene.h"
#include "bounce-insight.h"
#include "bounce-message-source.h"
#include "bounce-parser.h"
#include "bounce-reason.h"
#include "bounce-record.h"
#include "bounce-report.h"
#include "bounce-scanner.h"
#include "bounce-status-codes.h"
