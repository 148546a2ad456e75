// User settings of the offline VS Code (code-server) the tests start: no gallery, telemetry,
// updates, tips, trust prompt or AI features — nothing that would reach the network or pop up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OFFLINE_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'workbench.enableExperiments': false, 'update.mode': 'none',
  'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true, 'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never', 'remote.autoForwardPorts': false,
});

/** Writes `<userDataDir>/User/settings.json` with the offline settings. */
function writeOfflineUserSettings(userDataDir) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(OFFLINE_USER_SETTINGS, null, 1));
}

module.exports = { OFFLINE_USER_SETTINGS, writeOfflineUserSettings };
