// Package campaignbot holds the domain of campaignbot, a chat bot for
// e-commerce teams preparing big sales campaigns (Double 11, 618, Lunar New
// Year) in team chat groups.
//
// The package defines the domain types (to-dos, knowledge-base folders and
// files, campaigns, milestones, reminders, users and channels), the service
// interfaces the rest of the program implements, and a coded error type whose
// message is safe to show to chat users. It imports nothing of the project and
// no third-party package: storage/ implements the services with gorm, bot/
// holds the platform-neutral chat core, bot/slack and bot/console are the chat
// adapters, and only cmd/campaignbot wires them together.
package campaignbot
