import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { createUserSchema, updateUserSchema, type ManagedUserView, type UpdateUserRequest } from '@gridops/contracts';
import { CurrentUser, Roles, UsersAdminService, ZodPipe, actorOf, type Principal } from '@gridops/server';
import type { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

/** Users and roles (admin). The list, `GET /users`, is in the directory controller for the desk's pickers. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersAdminService) {}

  @Get(':id')
  get(@Param('id') id: string): Promise<ManagedUserView> {
    return this.users.get(id);
  }

  @Post()
  @ApiBody({ schema: jsonSchema(createUserSchema) })
  create(@Body(new ZodPipe(createUserSchema)) body: z.output<typeof createUserSchema>): Promise<ManagedUserView> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiBody({ schema: jsonSchema(updateUserSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateUserSchema)) body: UpdateUserRequest, @CurrentUser() user: Principal): Promise<ManagedUserView> {
    return this.users.update(id, body, actorOf(user));
  }
}
