/**
 * The Microsoft Teams channel (botbuilder). Wire it with {@link createTeamsChannel}; build Adaptive
 * Cards from platform-neutral messages with {@link buildAdaptiveCard}.
 */
export { ADAPTIVE_CARD_CONTENT_TYPE, buildAdaptiveCard, renderActivity } from './cards.js';
export { TeamsDeliveryError } from './errors.js';
export { createTeamsChannel, TEAMS_MESSAGES_PATH, TeamsChannel } from './teamsChannel.js';
